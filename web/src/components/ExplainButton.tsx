/**
 * "Explain" for a log, an error group, a pattern or an anomaly: asks POST /api/insights/explain and shows the
 * answer in a dialog with a spinner while the model works. Cancel (or closing) aborts the request, and the
 * server stops generating when the client goes away.
 */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { ApiError } from '../api/client';
import { insightsApi, type Answer, type ExplainTarget } from '../api/insights';
import { AnswerView } from './AnswerView';
import { Dialog } from './Dialog';
import { Spinner } from './Feedback';
import { useLocation } from '../router';

interface ExplainButtonProps {
  projectId: number;
  target: ExplainTarget;
  /** What is explained, for the dialog's title ("this log", "this pattern"). */
  what: string;
  small?: boolean;
}

export function ExplainButton({ projectId, target, what, small = true }: ExplainButtonProps) {
  const [open, setOpen] = useState(false);
  // Back/forward (or any other navigation) leaves the page the question was asked on: the answer closes with it.
  const { href } = useLocation();
  useEffect(() => setOpen(false), [href]);
  return (
    <>
      <button
        type="button"
        className={`btn ${small ? 'btn-small' : ''} explain-btn`}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
        data-testid="explain-button"
        title={`Ask the AI to explain ${what}, citing the logs it used`}
      >
        ✦ Explain
      </button>
      {/* On the body: a button inside a virtualised (transformed) list row would otherwise trap the fixed backdrop
          in the row's stacking context, under the rows that follow. React events still bubble to the button's parents. */}
      {open && createPortal(<ExplainDialog projectId={projectId} target={target} what={what} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

type Phase = { state: 'running' } | { state: 'done'; answer: Answer } | { state: 'failed'; error: Error } | { state: 'cancelled' };

export function ExplainDialog({ projectId, target, what, onClose }: ExplainButtonProps & { onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>({ state: 'running' });
  const [controller, setController] = useState<AbortController | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setController(abort);
    setPhase({ state: 'running' });
    insightsApi.explain(projectId, target, { signal: abort.signal }).then(
      (answer) => !abort.signal.aborted && setPhase({ state: 'done', answer }),
      (error: unknown) => !abort.signal.aborted && setPhase({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    // Closing the dialog aborts a generation still under way.
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  const cancel = () => {
    controller?.abort();
    setPhase({ state: 'cancelled' });
  };

  return (
    <Dialog
      title={`Explain ${what}`}
      onClose={onClose}
      wide
      footer={
        phase.state === 'running' ? (
          <button type="button" className="btn" onClick={cancel} data-testid="explain-cancel">
            Cancel
          </button>
        ) : (
          <>
            {phase.state !== 'done' && (
              <button type="button" className="btn" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>
            )}
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Close
            </button>
          </>
        )
      }
    >
      {/* An evidence link the router followed (it prevents the default) closes the answer, even when it points at the
          page the dialog was opened on: the URL then does not change, so no location listener would notice. */}
      <div
        className="explain-body"
        data-testid="explain-dialog"
        data-state={phase.state}
        onClick={(event) => {
          if (event.defaultPrevented && event.target instanceof Element && event.target.closest('a[href]')) onClose();
        }}
      >
        {phase.state === 'running' && (
          <div className="explain-wait">
            <Spinner label="The model is writing" /> Reading the evidence and asking the model… a local model on a small machine can take a minute.
          </div>
        )}
        {phase.state === 'cancelled' && <p className="muted">Cancelled: the model was told to stop.</p>}
        {phase.state === 'failed' && <AiProblem error={phase.error} />}
        {phase.state === 'done' && <AnswerView answer={phase.answer} />}
      </div>
    </Dialog>
  );
}

/** The AI errors of the contract said in words a person can act on. */
export function AiProblem({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.code : '';
  const hint =
    code === 'AI_UNAVAILABLE'
      ? 'AI is off on this server. Set DEVSMITH_AI_MODEL_PATH to a GGUF model (or DEVSMITH_AI_PROVIDER=openai with DEVSMITH_AI_BASE_URL) and restart: see docs/insights-dashboard.md.'
      : code === 'AI_TIMEOUT'
        ? 'The model did not answer in time (DEVSMITH_AI_TIMEOUT_MS). A smaller range or a faster model helps.'
        : code === 'AI_EXTERNAL_NOT_ALLOWED'
          ? 'This project does not allow its logs to leave the machine, and no local model is set up.'
          : null;
  return (
    <div className="banner banner-error" role="alert" data-testid="ai-problem" data-code={code}>
      <span>
        {error.message}
        {hint && <span className="ai-hint"> {hint}</span>}
      </span>
    </div>
  );
}
