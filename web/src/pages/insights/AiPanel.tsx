/**
 * The AI side of Insights: which provider and model answer (or how to turn AI on), "Summarise the last hour",
 * the question box, and the project's past answers, each re-openable with its evidence.
 */
import { useState } from 'react';
import { insightsApi, type Answer } from '../../api/insights';
import type { Project } from '../../api/types';
import { AnswerView } from '../../components/AnswerView';
import { AiProblem } from '../../components/ExplainButton';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { formatAgo } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { AskBox } from './AskBox';

export function AiPanel({ project, range }: { project: Project; range: { from?: string; to?: string } }) {
  const status = useAsync((signal) => insightsApi.ai({ signal }), []);
  if (status.error) return <ErrorBanner error={status.error} onRetry={status.reload} />;
  if (!status.data) return <Spinner label="Reading the AI settings" />;
  if (!status.data.available || status.data.provider === 'off') return <AiOff />;
  return (
    <div className="ai-panel" data-testid="ai-panel">
      <p className="small muted" data-testid="ai-provider">
        Answers by <strong>{status.data.model ?? 'an unnamed model'}</strong> ({status.data.provider === 'local' ? 'runs on this server; no log leaves it' : 'OpenAI-compatible HTTP'}).
        Secrets are scrubbed before a prompt is built; every answer cites its evidence.
      </p>
      <AnswersSection project={project} />
      <h3 className="section-title">Ask</h3>
      <AskBox project={project} range={range} />
    </div>
  );
}

function AiOff() {
  return (
    <div className="notice" data-testid="ai-off">
      <strong>AI is off.</strong> Patterns and anomalies work without it. To get explanations and summaries, point the server at a GGUF model
      (<code>DEVSMITH_AI_MODEL_PATH=/path/to/model.gguf</code>, a small one ships as <code>SmolLM2-135M-Instruct.Q4_1.gguf</code>) or at an
      OpenAI-compatible server (<code>DEVSMITH_AI_PROVIDER=openai</code>, <code>DEVSMITH_AI_BASE_URL</code>, <code>DEVSMITH_AI_MODEL</code>) and
      restart. See docs/insights-dashboard.md.
    </div>
  );
}

function AnswersSection({ project }: { project: Project }) {
  const answers = useAsync((signal) => insightsApi.answers(project.id, 20, { signal }), [project.id]);
  const [current, setCurrent] = useState<Answer>();
  const [busy, setBusy] = useState<AbortController | null>(null);
  const [error, setError] = useState<Error>();

  const summarise = async () => {
    const controller = new AbortController();
    setBusy(controller);
    setError(undefined);
    const to = new Date();
    try {
      const answer = await insightsApi.summarize(project.id, { from: new Date(to.getTime() - 3_600_000).toISOString(), to: to.toISOString() }, { signal: controller.signal });
      setCurrent(answer);
      answers.reload();
    } catch (err) {
      if (!controller.signal.aborted) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div className="ai-actions">
        <button type="button" className="btn btn-primary" onClick={() => void summarise()} disabled={busy !== null} data-testid="summarise">
          Summarise the last hour
        </button>
        {busy && (
          <>
            <Spinner label="The model is writing" />
            <button type="button" className="btn btn-small" onClick={() => busy.abort()} data-testid="summarise-cancel">
              Cancel
            </button>
          </>
        )}
      </div>
      {error && <AiProblem error={error} />}
      {current && <AnswerView answer={current} />}
      <h3 className="section-title">Past answers</h3>
      {answers.error && <ErrorBanner error={answers.error} onRetry={answers.reload} />}
      {answers.data && answers.data.data.length === 0 && <p className="muted small">None yet.</p>}
      <ul className="answer-history" data-testid="answer-history">
        {answers.data?.data.map((a) => (
          <li key={a.id}>
            <button type="button" className={`link-btn ${current?.id === a.id ? 'active' : ''}`} onClick={() => setCurrent(a)}>
              {a.kind === 'summary' ? 'Summary' : `Explain ${a.target?.type.replace('_', ' ') ?? ''}`} · {formatAgo(a.created_at)}
            </button>
            <span className="muted small"> {firstLine(a)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function firstLine(a: Answer): string {
  const text = a.sections?.summary || a.text;
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}
