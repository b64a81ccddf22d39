/**
 * /performance: latency, throughput and errors of one project's requests and operations, from the aggregates
 * the server keeps per minute (docs/performance.md). Filters live in the URL (perf-filters.ts).
 */
import { useEffect, useMemo, useState } from 'react';
import { perfApi, type PerfRoute, type PerfScope, type PerfSummary } from '../../api/perf';
import { projectsApi } from '../../api/projects';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { useAsync, type AsyncState } from '../../hooks/useAsync';
import { Link, navigate, useLocation } from '../../router';
import { PerfCharts } from './PerfCharts';
import { PerfSummaryStrip } from './PerfSummaryStrip';
import { PerfToolbar } from './PerfToolbar';
import { RoutesTable } from './RoutesTable';
import { parsePerfFilters, performanceUrl, perfRange, type PerfFilters } from './perf-filters';

export function PerformancePage() {
  const { search } = useLocation();
  const filters = parsePerfFilters(search);
  const update = (change: Partial<PerfFilters>) => navigate(performanceUrl({ ...filters, ...change }));
  const projects = useAsync(() => projectsApi.list(), []);

  useEffect(() => {
    document.title = 'Performance · DevSmith Logs';
  }, []);
  // No project in the URL: open the first one, so the page is never a blank form.
  useEffect(() => {
    const first = projects.data?.find((p) => p.active) ?? projects.data?.[0];
    if (!filters.project && first) navigate(performanceUrl({ ...filters, project: first.slug }), { replace: true });
  }, [projects.data, filters]);

  if (projects.error) return <ErrorBanner error={projects.error} onRetry={projects.reload} />;
  if (projects.data?.length === 0) {
    return (
      <EmptyState title="No project yet">
        <Link href="/projects?new=1">Create a project</Link> and send it request logs with <code>context.http</code>.
      </EmptyState>
    );
  }
  return (
    <div className="page perf-page">
      <header className="page-head">
        <div>
          <h1>Performance</h1>
          <p className="muted">
            Latency, throughput and errors of every route, from request logs that carry a duration (
            <code>context.http</code> or <code>context.duration_ms</code>).
          </p>
        </div>
      </header>
      {filters.project ? <PerfBody key={filters.project} filters={filters} update={update} projects={projects.data} /> : <Spinner />}
    </div>
  );
}

interface BodyProps {
  filters: PerfFilters;
  update: (change: Partial<PerfFilters>) => void;
  projects: Parameters<typeof PerfToolbar>[0]['projects'];
}

function PerfBody({ filters, update, projects }: BodyProps) {
  const rangeKey = `${filters.range}|${filters.from}|${filters.to}`;
  // A preset is resolved against "now" once, and again on Refresh, so every panel reads the same range.
  const [refresh, setRefresh] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const range = useMemo(() => perfRange(filters, Date.now()), [rangeKey, refresh]);
  const scope = useMemo(
    () => ({ project: filters.project, service: filters.service || undefined, ...range }),
    [filters.project, filters.service, range],
  );
  const key = JSON.stringify(scope);
  const services = useAsync((signal) => perfApi.services({ project: scope.project, from: scope.from, to: scope.to }, { signal }), [key]);
  const summary = useAsync((signal) => perfApi.summary(scope, { signal }), [key]);
  const routes = useAsync((signal) => perfApi.routes({ ...scope, sort: filters.sort, order: filters.order, limit: 100 }, { signal }), [key, filters.sort, filters.order]);
  const serviceNames = (services.data ?? []).map((s) => s.service);

  return (
    <>
      <PerfToolbar filters={filters} projects={projects} services={serviceNames} onChange={update} onRefresh={() => setRefresh((n) => n + 1)} />
      {/* A project the user cannot see (or a server error) is said once, not once per panel. */}
      {summary.error && <ErrorBanner error={summary.error} onRetry={summary.reload} />}
      {!summary.error && <PerfPanels summary={summary} routes={routes} scope={scope} filters={filters} update={update} />}
    </>
  );
}

interface PanelsProps {
  summary: AsyncState<PerfSummary>;
  routes: AsyncState<{ data: PerfRoute[]; slower_threshold: number }>;
  scope: PerfScope;
  filters: PerfFilters;
  update: (change: Partial<PerfFilters>) => void;
}

function PerfPanels({ summary, routes, scope, filters, update }: PanelsProps) {
  return (
    <>
      {summary.data && <PerfSummaryStrip summary={summary.data} />}
      {summary.data?.current.count === 0 && !routes.data?.data.length && <NoRequests />}
      <PerfCharts scope={scope} />
      <h2 className="section-title">Routes and operations</h2>
      {routes.error && <ErrorBanner error={routes.error} onRetry={routes.reload} />}
      {routes.data && routes.data.data.length > 0 && (
        <RoutesTable
          routes={routes.data.data}
          filters={filters}
          slowerThreshold={routes.data.slower_threshold}
          onSort={(sort, order) => update({ sort, order })}
        />
      )}
      {routes.loading && !routes.data && <Spinner />}
    </>
  );
}

function NoRequests() {
  return (
    <div className="notice" data-testid="perf-empty">
      No request logs with a duration in this range. Log each request with{' '}
      <code>{'context.http = {method, route, status, duration_ms}'}</code> (or a job with <code>context.operation</code> and{' '}
      <code>context.duration_ms</code>): see the samples in <Link href="/projects">your project’s setup page</Link>.
    </div>
  );
}
