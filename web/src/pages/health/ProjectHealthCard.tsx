import { useEffect } from 'react';
import type { Project } from '../../api/types';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { Sparkline } from '../../components/Sparkline';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import { formatAgo, formatCount, formatPercent } from '../../format';
import { Link } from '../../router';
import { CardAnomalies } from './CardAnomalies';
import { NewErrors } from './NewErrors';
import { errorTone, latencyTone, worstStatus, type ServiceStatus } from './service-status';
import { apdexTone, formatApdex, formatMs } from '../performance/perf-format';
import { performanceUrl } from '../performance/perf-filters';
import { sum, useProjectHealth, type ProjectHealth } from './useProjectHealth';

const STATUS_LABEL: Record<ServiceStatus, string> = {
  healthy: 'Healthy',
  'errors-rising': 'Errors rising',
  'latency-regression': 'Latency up',
  silent: 'Silent',
};

export function StatusPill({ status }: { status: ServiceStatus | null }) {
  if (!status) return <span className="pill pill-off">No data</span>;
  return <span className={`pill status-${status}`}>{STATUS_LABEL[status]}</span>;
}

/** One project on the overview: status, 1 h and 24 h volume with errors, services. */
interface CardProps {
  project: Project;
  refresh: number;
  onHealth: (projectId: number, health: ProjectHealth) => void;
}

export function ProjectHealthCard({ project, refresh, onHealth }: CardProps) {
  const health = useProjectHealth(project, refresh);
  const h = health.data;
  useEffect(() => {
    if (h) onHealth(project.id, h);
  }, [h, project.id, onHealth]);
  const status = h ? worstStatus(h.services.map((s) => s.status)) : null;
  const explore = (extra: Parameters<typeof explorerUrl>[0] = {}) =>
    explorerUrl({ project: project.slug, range: '1h', ...extra });
  const metric = (label: string, value: string, href?: string, tone = '') => (
    <div className="metric">
      <div className="metric-label">{label}</div>
      {href ? (
        <Link href={href} className={`metric-value ${tone}`}>
          {value}
        </Link>
      ) : (
        <div className={`metric-value ${tone}`}>{value}</div>
      )}
    </div>
  );
  const errors1h = h ? sum(h.hour, 'errors') : 0;
  const perf = performanceUrl({ project: project.slug, range: '1h' });
  const errors24h = h ? sum(h.day, 'errors') : 0;

  return (
    <article className={`card health-card ${project.active ? '' : 'inactive'}`} data-testid={`health-${project.slug}`}>
      <header className="card-head">
        <Link href={explore()} className="card-title">
          {project.name}
        </Link>
        {!project.active && <span className="pill pill-off">Inactive</span>}
        <span className="spacer" />
        {h && <StatusPill status={status} />}
      </header>
      {health.error && <ErrorBanner error={health.error} onRetry={health.reload} />}
      {!h && !health.error && <Spinner />}
      {h && (
        <>
          <div className="metrics">
            {metric('Logs 1h', formatCount(sum(h.hour, 'total')), explore())}
            {metric('Errors 1h', formatPercent(errors1h, sum(h.hour, 'total')), explore({ levels: ['ERROR', 'FATAL'] }), errorTone(status, errors1h))}
            {metric('p95 1h', formatMs(h.perf?.p95), perf, latencyTone(status))}
            {metric('Apdex 1h', formatApdex(h.perf?.apdex), perf, apdexTone(h.perf?.apdex) === 'ok' ? '' : latencyTone(status))}
            {metric('Logs 24h', formatCount(sum(h.day, 'total')), explore({ range: '24h' }))}
            {metric('Errors 24h', formatPercent(errors24h, sum(h.day, 'total')), explore({ range: '24h', levels: ['ERROR', 'FATAL'] }), errorTone(status, errors24h))}
            {metric('Last log', formatAgo(project.last_log_at))}
          </div>
          <div className="sparks">
            <div>
              <div className="spark-label">Last hour</div>
              <Sparkline values={h.hour.map((b) => b.total)} bars={h.hour.map((b) => b.errors)} label="Volume, last hour" />
            </div>
            <div>
              <div className="spark-label">Last 24 hours</div>
              <Sparkline values={h.day.map((b) => b.total)} bars={h.day.map((b) => b.errors)} label="Volume, last 24 hours" />
            </div>
          </div>
          <ul className="service-list">
            {h.services.length === 0 && <li className="muted">No logs yet. <Link href={`/projects/${project.slug}/setup`}>Set up an app →</Link></li>}
            {h.services.map((s) => (
              <li key={s.service}>
                <Link href={explore({ services: [s.service] })} className="service-link">
                  <span className={`status-dot status-${s.status}`} title={STATUS_LABEL[s.status]} />
                  <span className="service-name">{s.service}</span>
                </Link>
                <span className="muted small service-status-label">{STATUS_LABEL[s.status]}</span>
                <span className="num small">{formatCount(s.logs24h)}</span>
                <span className={`num small ${errorTone(s.status, s.errors24h)}`} data-testid="service-errors">{formatCount(s.errors24h)} err</span>
                <span className={`num small service-p95 ${s.perf ? latencyTone(s.status) : 'muted'}`} data-testid="service-p95" title="p95 of its requests over the last hour">
                  {s.perf?.p95 != null ? formatMs(s.perf.p95) : '–'}
                </span>
                <span className="muted small right">{formatAgo(s.lastSeenAt)}</span>
              </li>
            ))}
            {h.moreServices > 0 && <li className="muted small">and {h.moreServices} more</li>}
          </ul>
          <CardAnomalies project={project} refresh={refresh} />
          <NewErrors slug={project.slug} refresh={refresh} />
        </>
      )}
    </article>
  );
}
