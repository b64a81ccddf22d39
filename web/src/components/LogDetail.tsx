import type { LogEntry } from '../api/types';
import { formatTimestamp } from '../format';
import { CopyButton } from './CopyButton';
import { JsonView } from './JsonView';

interface LogDetailProps {
  log: LogEntry;
  onFilter: (path: string, value: string) => void;
  onSurrounding: (log: LogEntry) => void;
}

/** The expanded part of a row: full message, context as JSON, and the entry's metadata. */
export function LogDetail({ log, onFilter, onSurrounding }: LogDetailProps) {
  const meta: Array<[string, string | null]> = [
    ['Trace id', log.trace_id],
    ['Span id', log.span_id],
    ['Host', log.host],
    ['Version', log.version],
    ['Environment', log.environment],
    ['Received', formatTimestamp(log.received_at)],
    ['Log id', log.id],
  ];
  return (
    <div className="log-detail" onClick={(e) => e.stopPropagation()}>
      <div className="log-detail-main">
        <div className="section-label">Message</div>
        <pre className="log-detail-message">{log.message}</pre>
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
        </div>
      </aside>
    </div>
  );
}
