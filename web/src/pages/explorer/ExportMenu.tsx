import { useRef, useState } from 'react';
import { fetchExport, saveBlob, type ExportFormat, type ExportProgress } from '../../api/export';
import { logsApi } from '../../api/logs';
import type { LogFilter } from '../../api/types';
import { usePopover } from '../../components/usePopover';
import { formatBytes, formatCount } from '../../format';

type Job = { format: ExportFormat; progress: ExportProgress } | { error: string } | null;

/** Export of the current query as NDJSON or CSV, with progress while it streams and a cancel button. */
export function ExportMenu({ filter, columns }: { filter: LogFilter; columns: string[] }) {
  const { open, setOpen, ref } = usePopover();
  const [job, setJob] = useState<Job>(null);
  const controller = useRef<AbortController | null>(null);

  const start = (format: ExportFormat) => {
    setOpen(false);
    const abort = new AbortController();
    controller.current = abort;
    setJob({ format, progress: { rows: 0, bytes: 0, total: null } });
    fetchExport(logsApi.exportUrl(filter, format, columns), format, (progress) => setJob({ format, progress }), abort.signal).then(
      ({ blob, filename }) => {
        saveBlob(blob, filename);
        setJob(null);
      },
      (err: unknown) => {
        if (abort.signal.aborted) return setJob(null);
        setJob({ error: err instanceof Error ? err.message : String(err) });
      },
    );
  };
  const cancel = () => {
    controller.current?.abort();
    setJob(null);
  };

  if (job && 'format' in job) {
    const { rows, bytes, total } = job.progress;
    return (
      <div className="export-progress" role="status" data-testid="export-progress">
        <span>
          Exporting {job.format.toUpperCase()}: {formatCount(rows)}
          {total !== null ? ` of ${formatCount(total)}` : ''} rows · {formatBytes(bytes)}
        </span>
        {total ? <progress max={total} value={rows} /> : <progress />}
        <button type="button" className="btn btn-small" onClick={cancel}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <div className="picker" ref={ref}>
      <button type="button" className="btn btn-small" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Export
      </button>
      {job && 'error' in job && (
        <span className="export-error" role="alert">
          Export failed: {job.error}
        </span>
      )}
      {open && (
        <div className="popover menu-popover" role="menu">
          <button type="button" role="menuitem" className="menu-item" onClick={() => start('ndjson')}>
            NDJSON <span className="muted">one JSON log per line</span>
          </button>
          <button type="button" role="menuitem" className="menu-item" onClick={() => start('csv')}>
            CSV <span className="muted">for spreadsheets</span>
          </button>
        </div>
      )}
    </div>
  );
}
