/** The home page: one card per project with volume, error rate, sparklines and service status. */
import { useCallback, useEffect, useState } from 'react';
import { projectsApi } from '../../api/projects';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { useAsync } from '../../hooks/useAsync';
import { Link } from '../../router';
import { ProjectHealthCard } from './ProjectHealthCard';
import { HealthSummary } from './HealthSummary';
import { sum, type ProjectHealth } from './useProjectHealth';
import { SEVERITY_RULE, sortBySeverity, type ProjectVitals } from './severity';

const vitals = (h: ProjectHealth): ProjectVitals => ({
  hourTotal: sum(h.hour, 'total'),
  hourErrors: sum(h.hour, 'errors'),
  dayTotal: sum(h.day, 'total'),
  statuses: h.services.map((s) => s.status),
});

const REFRESH_MS = 60_000;

export function HealthPage() {
  const [refresh, setRefresh] = useState(0);
  const projects = useAsync(() => projectsApi.list(), [refresh]);
  const [healthById, setHealthById] = useState<ReadonlyMap<number, ProjectHealth>>(new Map());
  const onHealth = useCallback(
    (id: number, health: ProjectHealth) => setHealthById((previous) => new Map(previous).set(id, health)),
    [],
  );

  useEffect(() => {
    document.title = 'Overview · DevSmith Logs';
    const timer = window.setInterval(() => setRefresh((n) => n + 1), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  const list = sortBySeverity(
    (projects.data ?? []).map((p) => {
      const health = healthById.get(p.id);
      return Object.assign({}, p, { vitals: health && vitals(health) });
    }),
  );
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            Health of every application at a glance,{' '}
            <abbr className="help" title={SEVERITY_RULE} data-testid="severity-rule">
              most urgent first
            </abbr>
            . Refreshes every minute.
          </p>
        </div>
        <button className="btn" onClick={() => setRefresh((n) => n + 1)}>
          ↻ Refresh
        </button>
      </header>
      {projects.error && <ErrorBanner error={projects.error} onRetry={projects.reload} />}
      {!projects.data && projects.loading && <Spinner />}
      {projects.data?.length === 0 && (
        <EmptyState title="Nothing to watch yet">
          <Link href="/projects?new=1">Create your first project</Link> and send it a log.
        </EmptyState>
      )}
      {list.length > 0 && <HealthSummary projects={list} health={healthById} />}
      <div className="card-grid">
        {list.map((p) => (
          <ProjectHealthCard key={p.id} project={p} refresh={refresh} onHealth={onHealth} />
        ))}
      </div>
    </div>
  );
}
