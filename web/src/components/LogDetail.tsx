import type { LogEntry } from '../api/types';
import { formatTimestamp, zoneLabel } from '../format';
import { CopyButton } from './CopyButton';
import { ExplainButton } from './ExplainButton';
import { JsonView } from './JsonView';
import { permalink } from './log-columns';
import { multilineValues } from './multiline';

interface LogDetailProps {
  log: LogEntry;
  zone?: 'local' | 'utc';
  onFilter: (path: string, value: string) => void;
  onSurrounding: (log: LogEntry) => void;
}

/** The expanded part of a row: full message, context as JSON, and the entry's metadata. */
export function LogDetail({ log, zone = 'local', onFilter, onSurrounding }: LogDetailProps) {
  const meta: Array<[string, string | null]> = [
    ['Trace id', log.trace_id],
    ['Span id', log.span_id],
    ['Host', log.host],
    ['Version', log.version],
    ['Environment', log.environment],
    ['Time', `${log.timestamp} (UTC)`],
    ['Received', `${formatTimestamp(log.received_at, zone)} ${zoneLabel(zone)}`],
    ['Log id', log.id],
  ];
  return (
    <div className="log-detail" onClick={(e) => e.stopPropagation()}>
      <div className="log-detail-main">
        <div className="section-label">Message</div>
        <pre className="log-detail-message">{log.message}</pre>
        {multilineValues(log.context).map(({ path, text }) => (
          <div key={path}>
            <div className="section-label">
              ctx.{path}
            </div>
            <pre className="log-stack" data-testid="log-stack">
              {text}
            </pre>
          </div>
        ))}
        <div className="section-label">Context</div>
        <JsonView value={log.context} onFilter={onFilter} />
      </div>
      <aside className="log-detail-side">
        <dl className="meta">
          {meta.map(([label, value]) => (
            <div key={label} className="meta-row">
              <dt>{label}</dt>
              <dd className={value ? '' : 'muted'}>{value ?? '—'}</dd>
            </div>
          ))}
        </dl>
        <div className="log-detail-actions">
          <button type="button" className="btn btn-small" onClick={() => onSurrounding(log)}>
            Show surrounding lines
          </button>
          <CopyButton text={JSON.stringify(log, null, 2)} label="Copy JSON" />
          <CopyButton text={permalink(log.id)} label="Copy link" />
          <ExplainButton projectId={log.project_id} target={{ type: 'log', id: log.id }} what="this log" />
        </div>
      </aside>
    </div>
  );
}
