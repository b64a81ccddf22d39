import { logsApi } from '../api/logs';
import type { LogEntry } from '../api/types';
import { formatTimestamp } from '../format';
import { useAsync } from '../hooks/useAsync';
import { Dialog } from './Dialog';
import { ErrorBanner, Spinner } from './Feedback';
import { LevelBadge } from './LevelBadge';

/** The lines logged just before and after one entry by the same service, oldest first. */
export function SurroundingDialog({ log, onClose }: { log: LogEntry; onClose: () => void }) {
  const context = useAsync(() => logsApi.context(log.id, 25, 25), [log.id]);
  const lines = context.data ? [...context.data.before, context.data.log, ...context.data.after] : [];
  return (
    <Dialog title={`Surrounding lines · ${log.service}`} onClose={onClose} wide>
      {context.loading && <Spinner />}
      {context.error && <ErrorBanner error={context.error} onRetry={context.reload} />}
      <div className="surrounding">
        {lines.map((line) => (
          <div key={line.id} className={`surrounding-line ${line.id === log.id ? 'current' : ''}`}>
            <span className="col-time">{formatTimestamp(line.timestamp)}</span>
            <span className="col-level">
              <LevelBadge level={line.level} />
            </span>
            <span className="col-message">{line.message}</span>
          </div>
        ))}
      </div>
    </Dialog>
  );
}
