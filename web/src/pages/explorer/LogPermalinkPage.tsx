/**
 * /explore/log/<id>: one log line in its surrounding lines (same project and service), selected and
 * scrolled into view, newest first as in the explorer. The link works for anyone who can read the project.
 */
import { useEffect, useMemo, useState } from 'react';
import { logsApi } from '../../api/logs';
import { projectsApi } from '../../api/projects';
import type { LogEntry } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { LogList } from '../../components/LogList';
import { permalink } from '../../components/log-columns';
import { SurroundingDialog } from '../../components/SurroundingDialog';
import { useAsync } from '../../hooks/useAsync';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import { rememberedZone } from '../../hooks/useTimeZone';
import { Link, navigate } from '../../router';
import { LogHead } from './LogHead';

const AROUND = 50;
const FIVE_MINUTES = 5 * 60_000;

export function LogPermalinkPage({ id }: { id: string }) {
  const context = useAsync((signal) => logsApi.context(id, AROUND, AROUND, signal), [id]);
  const projects = useAsync(() => projectsApi.list(), []);
  const [surrounding, setSurrounding] = useState<LogEntry | null>(null);
  const zone = rememberedZone();
  const log = context.data?.log;
  const rows = useMemo(
    () => (context.data ? [...context.data.after].reverse().concat(context.data.log, [...context.data.before].reverse()) : []),
    [context.data],
  );
  const slug = projects.data?.find((p) => p.id === log?.project_id)?.slug;

  useEffect(() => {
    document.title = `${log ? `${log.service} · ` : ''}Log line · DevSmith Logs`;
  }, [log]);

  // "Open in explorer": the same service around the same time, where the line can be searched from.
  const around = log
    ? explorerUrl({
        projects: slug ? [slug] : [],
        services: [log.service],
        range: 'custom',
        from: new Date(Date.parse(log.timestamp) - FIVE_MINUTES).toISOString(),
        to: new Date(Date.parse(log.timestamp) + FIVE_MINUTES).toISOString(),
      })
    : '/explore';

  return (
    <div className="explorer permalink-page">
      <div className="toolbar">
        <Link href="/explore" className="btn btn-small">
          ← Explorer
        </Link>
        <h1 className="permalink-title">
          {log ? (
            <>
              {slug ?? `project ${log.project_id}`} · {log.service} · <span className="mono">{log.id}</span>
            </>
          ) : (
            'Log line'
          )}
        </h1>
        {log && <CopyButton text={permalink(log.id)} label="Copy link" />}
        {log && (
          <Link href={around} className="btn btn-small">
            Open in explorer (±5 min)
          </Link>
        )}
      </div>
      {context.loading && <Spinner />}
      {context.error && <ErrorBanner error={context.error} onRetry={context.reload} />}
      {log && (
        <section className="explorer-main">
          <div className="results-head muted">
            {rows.length} lines of {log.service} around the selected one (newest first)
          </div>
          <LogHead columns={[]} zone={zone} />
          <LogList
            rows={rows}
            hasMore={false}
            loading={false}
            onLoadMore={() => undefined}
            onFilter={(path, value) => navigate(explorerUrl({ projects: slug ? [slug] : [], ctx: { [path]: value } }))}
            onSurrounding={setSurrounding}
            selectedId={log.id}
            zone={zone}
          />
        </section>
      )}
      {surrounding && <SurroundingDialog log={surrounding} onClose={() => setSurrounding(null)} />}
    </div>
  );
}
