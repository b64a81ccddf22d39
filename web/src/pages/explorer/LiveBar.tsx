import type { LiveTail } from '../../hooks/useLiveTail';

const LABEL = { off: 'Stopped', connecting: 'Connecting…', live: 'Streaming', reconnecting: 'Reconnecting…', ended: 'Ended: access changed' };

/**
 * Live tail status, pause/resume and how many new logs wait while paused. Only a stream that is
 * really flowing gets the green pulsing dot; paused is amber and still.
 */
export function LiveBar({ tail }: { tail: LiveTail }) {
  const state = tail.paused ? 'paused' : `status-${tail.status}`;
  return (
    <div className={`live-bar ${state}`} data-testid="live-bar" data-state={tail.paused ? 'paused' : tail.status}>
      <span className="live-dot" data-testid="live-dot" />
      <span className="live-label">{tail.paused ? 'Paused' : LABEL[tail.status]}</span>
      <span className="muted">{tail.rows.length} streamed</span>
      {tail.paused && tail.buffered > 0 && <span className="pill">{tail.buffered} waiting</span>}
      <button type="button" className="btn btn-small" onClick={() => tail.setPaused(!tail.paused)}>
        {tail.paused ? 'Resume' : 'Pause'}
      </button>
    </div>
  );
}
