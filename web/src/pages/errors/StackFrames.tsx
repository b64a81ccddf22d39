import { useState } from 'react';
import type { Frame } from '../../api/errors';
import type { LogEntry } from '../../api/types';
import { frameLabel, frameRuns, rawStack, type FrameRun } from './stack';

/**
 * The latest event's stack, innermost call as the stack text has it: in-app frames highlighted, each run
 * of library frames folded behind an "N library frames" toggle. When the server parsed no frames, the raw
 * stack text of the event (or a note that there is none).
 */
export function StackFrames({ frames, event }: { frames: Frame[]; event: LogEntry | null }) {
  if (frames.length === 0) {
    const raw = rawStack(event);
    if (!raw) return <p className="muted">This error carries no stack: it is grouped by its message.</p>;
    return (
      <>
        <div className="section-label">ctx.{raw.path}</div>
        <pre className="log-stack" data-testid="raw-stack">
          {raw.text}
        </pre>
      </>
    );
  }
  // With no in-app frame at all there is nothing to focus on: show the library frames unfolded.
  const anyApp = frames.some((f) => f.in_app);
  return (
    <ol className="frames" data-testid="stack-frames">
      {frameRuns(frames).map((run) => (
        <RunItem key={run.index} run={run} initiallyOpen={!anyApp} />
      ))}
    </ol>
  );
}

function RunItem({ run, initiallyOpen }: { run: FrameRun; initiallyOpen: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  if (run.kind === 'app') return <FrameLine frame={run.frame} />;
  const n = run.frames.length;
  return (
    <li className="frame-run">
      <button type="button" className="frame-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="library-toggle">
        {open ? '▾' : '▸'} {n} library frame{n === 1 ? '' : 's'}
      </button>
      {open && (
        <ol className="frames">
          {run.frames.map((frame, i) => (
            <FrameLine key={i} frame={frame} />
          ))}
        </ol>
      )}
    </li>
  );
}

function FrameLine({ frame }: { frame: Frame }) {
  const { where, position } = frameLabel(frame);
  return (
    <li className={`frame ${frame.in_app ? 'in-app' : 'library'}`} data-testid={frame.in_app ? 'app-frame' : 'library-frame'} title={frame.raw}>
      <span className="frame-where">{where}</span>
      {position && <span className="frame-pos">{position}</span>}
    </li>
  );
}
