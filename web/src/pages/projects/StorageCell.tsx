/**
 * Storage on the projects page (issue 13): each project's estimated bytes and the total of the projects
 * shown. Estimated because logs of all projects share tables: the server measures them and shares the bytes
 * by stored logs, so every project gets the same bytes per log.
 */
import type { ProjectStorage, StorageOverview } from '../../api/storage';
import { formatBytes, formatCount } from '../../format';

export const STORAGE_HINT = 'Estimated: the log tables, their indexes and the text index, measured on the server and shared among projects by stored logs.';

/** "1.2 GB" over "148 B/log · est."; "0 B" for a project without logs; "–" when it could not be read. */
export function StorageCell({ storage, failed }: { storage: ProjectStorage | undefined; failed?: boolean }) {
  if (!storage) return <>{failed ? '–' : '…'}</>;
  return (
    <span title={STORAGE_HINT}>
      {formatBytes(storage.bytes)}
      {storage.logs > 0 && <div className="sub">{formatBytes(storage.bytes_per_log)}/log · est.</div>}
    </span>
  );
}

/** One line under the table: the projects shown together, and when the tables were measured. */
export function StorageTotal({ overview, error }: { overview: StorageOverview | undefined; error?: Error | undefined }) {
  if (!overview) {
    return error ? <p className="muted" data-testid="storage-total">Storage: not available ({error.message}).</p> : null;
  }
  const { total } = overview;
  const measured = new Date(overview.measured_at);
  return (
    <p className="muted" data-testid="storage-total" title={`${STORAGE_HINT} Measured: ${overview.covers.join(', ')}.`}>
      Storage: {formatBytes(total.bytes)} for {formatCount(total.logs)} log{total.logs === 1 ? '' : 's'}
      {total.logs > 0 ? ` (${formatBytes(overview.bytes_per_log)}/log)` : ''} · estimated, measured at{' '}
      {measured.toLocaleTimeString()}.
    </p>
  );
}
