import { errorsApi } from '../../api/errors';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { LevelBadge } from '../../components/LevelBadge';
import { formatTimestamp } from '../../format';
import { useCursorPages } from '../../hooks/useCursorPages';
import { rememberedZone } from '../../hooks/useTimeZone';
import { Link } from '../../router';

/** Every occurrence of the group, newest first, 25 at a time; each links to the line among its neighbours. */
export function GroupEvents({ id }: { id: string }) {
  const pages = useCursorPages((cursor, signal) => errorsApi.events(id, cursor, 25, signal), id);
  const zone = rememberedZone();
  return (
    <>
      {pages.error && <ErrorBanner error={pages.error} onRetry={pages.reload} />}
      <ol className="group-events" data-testid="group-events">
        {pages.rows.map((log) => (
          <li key={log.id} className="group-event" data-testid="group-event">
            <span className="mono small">{formatTimestamp(log.timestamp, zone)}</span>
            <LevelBadge level={log.level} />
            <span className="mono small event-service">{log.service}</span>
            <span className="muted small event-meta">{[log.host, log.version, log.environment].filter(Boolean).join(' · ')}</span>
            <Link href={`/explore/log/${encodeURIComponent(log.id)}`} className="event-message">
              {log.message}
            </Link>
          </li>
        ))}
      </ol>
      <div className="list-foot">
        {pages.loading && <Spinner />}
        {pages.hasMore && !pages.loading && (
          <button type="button" className="btn btn-small" onClick={pages.loadMore}>
            Older events
          </button>
        )}
        {!pages.loading && !pages.hasMore && pages.rows.length > 0 && <span className="muted small">No older events</span>}
      </div>
    </>
  );
}
