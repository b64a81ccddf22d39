/**
 * "Ask": a question in plain words -> the model's search query, shown in an editable box that the parser checks
 * as the user types. Nothing runs here: "Run in explorer" opens the explorer with the query, on the user's click,
 * and only when it parses.
 */
import { useState, type FormEvent } from 'react';
import { insightsApi, type AskResult } from '../../api/insights';
import type { Project } from '../../api/types';
import { Spinner } from '../../components/Feedback';
import { AiProblem } from '../../components/ExplainButton';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import { navigate } from '../../router';
import { checkQuery } from './query-check';

export function AskBox({ project, range }: { project: Project; range: { from?: string; to?: string } }) {
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [result, setResult] = useState<AskResult>();
  const [query, setQuery] = useState('');
  const check = checkQuery(query);

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await insightsApi.ask(project.id, question.trim());
      setResult(answer);
      setQuery(answer.query ?? '');
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  const run = () => {
    if (!check.valid) return;
    navigate(explorerUrl({ project: project.slug, q: query.trim(), range: 'custom', from: range.from, to: range.to }));
  };

  return (
    <div className="ask-box">
      <form onSubmit={ask} className="ask-form">
        <input
          className="input"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder="Ask in plain words, e.g. “payment errors from the api service”"
          aria-label="Question"
          data-testid="ask-question"
          maxLength={500}
        />
        <button type="submit" className="btn" disabled={busy || !question.trim()} data-testid="ask-submit">
          {busy ? <Spinner label="Asking" /> : 'Ask'}
        </button>
      </form>
      {error && <AiProblem error={error} />}
      {result && (
        <div className="ask-result" data-testid="ask-result">
          {result.explanation && <p className="small">{result.explanation}</p>}
          {!result.query && <p className="muted small">The model gave no query{result.error ? `: ${result.error}` : ''}. Write one below.</p>}
          <label className="section-label" htmlFor="ask-query">
            Query (edit before running; it is checked as you type)
          </label>
          <input
            id="ask-query"
            className={`input mono ${check.valid ? 'query-ok' : 'query-bad'}`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            aria-invalid={!check.valid}
            data-testid="ask-query"
            data-valid={check.valid}
          />
          <div className="ask-actions">
            <span className={check.valid ? 'ok small' : 'bad small'} data-testid="ask-query-state">
              {check.valid ? '✓ Valid query' : `✗ ${check.message}${check.position !== null ? ` (at ${check.position + 1})` : ''}`}
            </span>
            <button type="button" className="btn btn-primary btn-small" disabled={!check.valid} onClick={run} data-testid="ask-run">
              Run in explorer
            </button>
          </div>
          <p className="muted small">Answered by {result.model}.</p>
        </div>
      )}
    </div>
  );
}
