import type { LiveTail } from '../../hooks/useLiveTail';

const LABEL = { off: 'Stopped', connecting: 'Connecting…', live: 'Streaming', reconnecting: 'Reconnecting…', ended: 'Ended: access changed' };

/** Live tail status, pause/resume and how many new logs wait while paused. */
export function LiveBar({ tail }: { tail: LiveTail }) {
  return (
    <div className={`live-bar status-${tail.status}`} data-testid="live-bar">
      <span className="live-dot" />
      <span>{tail.paused ? 'Paused' : LABEL[tail.status]}</span>
      <span className="muted">{tail.rows.length} new</span>
      {tail.paused && tail.buffered > 0 && <span className="pill">{tail.buffered} waiting</span>}
      <button type="button" className="btn btn-small" onClick={() => tail.setPaused(!tail.paused)}>
        {tail.paused ? 'Resume' : 'Pause'}
      </button>
    </div>
  );
}
