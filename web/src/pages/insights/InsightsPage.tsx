/**
 * /insights: what a project's logs are saying, for one range and query. Patterns (Drain templates with new and
 * rising ones marked), anomalies of volume and error rate on a chart, and the AI panel (summaries, questions,
 * past answers). The deterministic parts work with no model. Filters live in the URL (insights-filters.ts).
 */
import { useEffect, useMemo, useState } from 'react';
import { projectsApi } from '../../api/projects';
import type { Project } from '../../api/types';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { useAsync } from '../../hooks/useAsync';
import { Link, navigate, useLocation } from '../../router';
import { AiPanel } from './AiPanel';
import { AnomaliesPanel } from './AnomaliesPanel';
import { InsightsToolbar } from './InsightsToolbar';
import { PatternsPanel } from './PatternsPanel';
import { insightsRange, insightsUrl, parseInsightsFilters, type InsightsFilters } from './insights-filters';

export function InsightsPage() {
  const { search } = useLocation();
  const filters = parseInsightsFilters(search);
  const update = (change: Partial<InsightsFilters>) => navigate(insightsUrl({ ...filters, ...change }));
  const projects = useAsync(() => projectsApi.list(), []);

  useEffect(() => {
    document.title = 'Insights · DevSmith Logs';
  }, []);
  useEffect(() => {
    const first = projects.data?.find((p) => p.active) ?? projects.data?.[0];
    if (!filters.project && first) navigate(insightsUrl({ ...filters, project: first.slug }), { replace: true });
  }, [projects.data, filters]);

  if (projects.error) return <ErrorBanner error={projects.error} onRetry={projects.reload} />;
  if (projects.data?.length === 0) {
    return (
      <EmptyState title="No project yet">
        <Link href="/projects?new=1">Create a project</Link> and send it logs: patterns and anomalies appear here.
      </EmptyState>
    );
  }
  const project = projects.data?.find((p) => p.slug === filters.project || String(p.id) === filters.project);
  return (
    <div className="page insights-page">
      <header className="page-head">
        <div>
          <h1>Insights</h1>
          <p className="muted">The shapes of your log lines, what is new or rising, what is unusual, and answers that cite their evidence.</p>
        </div>
      </header>
      {!projects.data && <Spinner />}
      {projects.data && filters.project && !project && <ErrorBanner error={new Error(`No project “${filters.project}” among yours.`)} />}
      {project && <InsightsBody key={project.id} project={project} projects={projects.data ?? []} filters={filters} update={update} />}
    </div>
  );
}

interface BodyProps {
  project: Project;
  projects: Project[];
  filters: InsightsFilters;
  update: (change: Partial<InsightsFilters>) => void;
}

function InsightsBody({ project, projects, filters, update }: BodyProps) {
  const [refresh, setRefresh] = useState(0);
  const rangeKey = `${filters.range}|${filters.from}|${filters.to}`;
  // A preset is resolved against "now" once (and on Refresh), so every panel reads the same window.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const range = useMemo(() => insightsRange(filters, Date.now()), [rangeKey, refresh]);
  const scope = useMemo(() => ({ project_id: project.id, ...range, q: filters.q.trim() || undefined }), [project.id, range, filters.q]);
  return (
    <>
      <InsightsToolbar filters={filters} projects={projects} onChange={update} onRefresh={() => setRefresh((n) => n + 1)} />
      <div className="insights-grid">
        <div className="insights-main">
          <section className="panel" aria-labelledby="anomalies-title">
            <h2 className="section-title" id="anomalies-title">
              Anomalies
            </h2>
            <AnomaliesPanel project={project} scope={scope} />
          </section>
          <section className="panel" aria-labelledby="patterns-title">
            <h2 className="section-title" id="patterns-title">
              Patterns
            </h2>
            <PatternsPanel project={project} scope={scope} />
          </section>
        </div>
        <aside className="panel insights-ai" aria-labelledby="ai-title">
          <h2 className="section-title" id="ai-title">
            AI analysis
          </h2>
          <AiPanel project={project} range={range} />
        </aside>
      </div>
    </>
  );
}
