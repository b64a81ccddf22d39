/** A project's archived days (object storage): archive a past day, watch progress, restore a day. */
import { useEffect, useState, type FormEvent } from 'react';
import { archivesApi, type ArchivedDay } from '../../api/archives';
import type { Project } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { formatCount } from '../../format';
import { useAsync } from '../../hooks/useAsync';

const PILL: Record<ArchivedDay['status'], string> = { archived: 'pill-ok', failed: 'status-errors-rising', pending: 'pill-off', running: 'pill-off' };

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

function formatBytes(n: number | null): string {
  if (n === null) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function ArchivesDialog({ project, onClose }: { project: Project; onClose: () => void }) {
  const list = useAsync(() => archivesApi.list(project.id), [project.id]);
  const [day, setDay] = useState(yesterday);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<Error>();
  const working = list.data?.data.some((a) => a.status === 'pending' || a.status === 'running');

  // Archiving runs in the background: look again while a day is on its way.
  useEffect(() => {
    if (!working) return;
    const timer = setTimeout(list.reload, 1000);
    return () => clearTimeout(timer);
  }, [working, list.data, list.reload]);

  const run = (key: string, fn: () => Promise<string>) => {
    setBusy(key);
    setError(undefined);
    setMessage(undefined);
    fn()
      .then(setMessage, setError)
      .finally(() => {
        setBusy(null);
        list.reload();
      });
  };
  const archive = (event: FormEvent) => {
    event.preventDefault();
    run('archive', async () => {
      await archivesApi.archive(project.id, { day });
      return `${day} is being archived.`;
    });
  };
  const restore = (d: string) =>
    run(d, async () => {
      const r = await archivesApi.restore(project.id, d);
      return `${d}: ${formatCount(r.restored)} logs restored, ${formatCount(r.already_present)} were already there.`;
    });

  return (
    <Dialog title={`Archives of ${project.name}`} onClose={onClose} wide>
      {list.error && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Spinner />}
      {list.data && !list.data.configured && (
        <p className="muted" data-testid="archives-unconfigured">
          No archive storage is configured on this server (DEVSMITH_ARCHIVE_S3_BUCKET, see docs/archive.md).
        </p>
      )}
      {list.data?.configured && (
        <form className="form form-inline" onSubmit={archive}>
          <label>
            Day (UTC)
            <input type="date" value={day} max={yesterday()} onChange={(e) => setDay(e.target.value)} required />
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy !== null}>
            Archive day
          </button>
        </form>
      )}
      {error && <div className="form-error" role="alert">{error.message}</div>}
      {message && <p role="status">{message}</p>}
      {list.data && list.data.data.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="archives-table">
            <thead>
              <tr>
                <th>Day</th>
                <th>Status</th>
                <th className="num">Logs</th>
                <th className="num">Size</th>
                <th>Restored</th>
                <th className="actions-col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((a) => (
                <tr key={a.day} data-testid={`archive-row-${a.day}`}>
                  <td className="mono">{a.day}</td>
                  <td>
                    <span className={`pill ${PILL[a.status]}`} title={a.error ?? ''}>{a.status}</span>
                    {a.error && <div className="sub">{a.error}</div>}
                  </td>
                  <td className="num">{a.log_count === null ? '' : formatCount(a.log_count)}</td>
                  <td className="num">{formatBytes(a.bytes)}</td>
                  <td>{a.restored_at ? `${a.restored_at.slice(0, 16).replace('T', ' ')} (${formatCount(a.restored_count ?? 0)})` : ''}</td>
                  <td className="actions">
                    {a.status === 'archived' && (
                      <button className="btn btn-small btn-ghost" disabled={busy !== null} onClick={() => restore(a.day)}>
                        {busy === a.day ? 'Restoring…' : 'Restore'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.configured && list.data.data.length === 0 && <p className="muted">No day of this project is archived yet.</p>}
    </Dialog>
  );
}
