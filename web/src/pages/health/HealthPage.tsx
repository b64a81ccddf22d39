/** The home page: one card per project with volume, error rate, sparklines and service status. */
import { useCallback, useEffect, useState } from 'react';
import { projectsApi } from '../../api/projects';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { useAsync } from '../../hooks/useAsync';
import { Link } from '../../router';
import { ProjectHealthCard } from './ProjectHealthCard';
import { HealthSummary } from './HealthSummary';
import type { ProjectHealth } from './useProjectHealth';

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

  const list = [...(projects.data ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">Health of every application at a glance. Refreshes every minute.</p>
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
