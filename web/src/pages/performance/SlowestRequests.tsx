/** A route's slowest requests in the range, each linked to its log in context (/explore/log/:id). */
import type { LogEntry } from '../../api/types';
import { LevelBadge } from '../../components/LevelBadge';
import { formatTimestamp } from '../../format';
import { Link } from '../../router';
import { formatMs } from './perf-format';

/** The duration a request log carries, by the convention mapped at ingest (context.http or context.duration_ms). */
export function durationOf(log: LogEntry): number | null {
  const http = log.context.http;
  const fromHttp = http && typeof http === 'object' ? (http as Record<string, unknown>).duration_ms : undefined;
  const value = typeof fromHttp === 'number' ? fromHttp : log.context.duration_ms;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function statusOf(log: LogEntry): string {
  const http = log.context.http;
  const status = http && typeof http === 'object' ? (http as Record<string, unknown>).status : undefined;
  return typeof status === 'number' || typeof status === 'string' ? String(status) : '';
}

export function SlowestRequests({ logs }: { logs: LogEntry[] }) {
  if (logs.length === 0) return <div className="muted small">No requests in this range.</div>;
  return (
    <div className="table-wrap">
      <table className="table slowest-table" data-testid="slowest-table">
        <thead>
          <tr>
            <th className="num">Duration</th>
            <th>Status</th>
            <th>Time</th>
            <th>Message</th>
            <th className="opt-col">Release</th>
            <th className="opt-col">Host</th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => (
            <tr key={log.id} data-testid="slow-request">
              <td className="num strong">
                <Link href={`/explore/log/${encodeURIComponent(log.id)}`} data-testid="slow-request-link">
                  {formatMs(durationOf(log))}
                </Link>
              </td>
              <td className={`mono ${Number(statusOf(log)) >= 500 ? 'bad' : ''}`}>{statusOf(log) || <LevelBadge level={log.level} />}</td>
              <td className="mono">{formatTimestamp(log.timestamp)}</td>
              <td className="message-cell">{log.message}</td>
              <td className="mono opt-col">{log.version ?? '–'}</td>
              <td className="mono opt-col">{log.host ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
