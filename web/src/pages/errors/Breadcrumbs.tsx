import type { LogEntry } from '../../api/types';
import { LevelBadge } from '../../components/LevelBadge';
import { formatTimestamp } from '../../format';
import { rememberedZone } from '../../hooks/useTimeZone';
import { Link } from '../../router';

/** What the same service (and trace) logged just before the latest event, oldest first, ending with the event itself. */
export function Breadcrumbs({ crumbs, event }: { crumbs: LogEntry[]; event: LogEntry | null }) {
  const zone = rememberedZone();
  if (!event) return null;
  const rows = [...crumbs.filter((c) => c.id !== event.id), event];
  return (
    <ol className="breadcrumbs" data-testid="breadcrumbs">
      {rows.map((log) => {
        const self = log.id === event.id;
        return (
          <li key={log.id} className={`crumb ${self ? 'crumb-event' : ''}`} data-testid={self ? 'crumb-event' : 'crumb'} aria-current={self ? 'true' : undefined}>
            <span className="crumb-time mono">{formatTimestamp(log.timestamp, zone).slice(11)}</span>
            <LevelBadge level={log.level} />
            <Link href={`/explore/log/${encodeURIComponent(log.id)}`} className="crumb-message">
              {log.message}
            </Link>
            {self && <span className="pill pill-regressed">this event</span>}
          </li>
        );
      })}
    </ol>
  );
}
