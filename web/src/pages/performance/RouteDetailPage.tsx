/**
 * /performance/route: one route or operation. Its latency over time, split by release; its distribution; its
 * slowest requests (linked to the logs); and how it compares with the previous range or between two releases.
 */
import { useEffect, useMemo } from 'react';
import { perfApi } from '../../api/perf';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { TimeChart } from '../../components/TimeChart';
import { useAsync } from '../../hooks/useAsync';
import { parseExplorerState, type ExplorerState } from '../../hooks/useExplorerFilters';
import { Link, navigate, useLocation } from '../../router';
import { CompareTable } from './CompareTable';
import { LatencyHistogram } from './LatencyHistogram';
import { PerfCharts } from './PerfCharts';
import { ReleaseCompare } from './ReleaseCompare';
import { SlowestRequests } from './SlowestRequests';
import { formatMs } from './perf-format';
import { parsePerfFilters, performanceUrl, perfRange, routeDetailUrl } from './perf-filters';

export function RouteDetailPage() {
  const { search } = useLocation();
  const filters = parsePerfFilters(search);
  const route = filters.route ?? '';
  const rangeKey = `${filters.range}|${filters.from}|${filters.to}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const range = useMemo(() => perfRange(filters, Date.now()), [rangeKey]);
  const scope = useMemo(
    () => ({ project: filters.project, service: filters.service || undefined, route, method: filters.method, ...range }),
    [filters.project, filters.service, route, filters.method, range],
  );
  const key = JSON.stringify(scope);
  const summary = useAsync((signal) => perfApi.summary(scope, { signal }), [key]);
  const byVersion = useAsync((signal) => perfApi.timeseries({ ...scope, metric: ['p95'], by: 'version' }, { signal }), [key]);
  const distribution = useAsync((signal) => perfApi.distribution(scope, { signal }), [key]);
  const slowest = useAsync((signal) => perfApi.slowest({ ...scope, limit: 20 }, { signal }), [key]);
  const versionSeries = useMemo(
    () => (byVersion.data?.series ?? []).map((s) => ({ label: s.key || '(no release)', values: s.values })),
    [byVersion.data],
  );

  useEffect(() => {
    document.title = `${route} · Performance · DevSmith Logs`;
  }, [route]);

  const timeState: ExplorerState = { ...parseExplorerState(new URLSearchParams()), range: filters.range, from: filters.from, to: filters.to };
  const onTime = (patch: Partial<ExplorerState>) =>
    navigate(routeDetailUrl({ ...filters, route, service: filters.service, range: patch.range, from: patch.from, to: patch.to }));

  if (!filters.project || !route) return <ErrorBanner error={new Error('This link names no project or route. Open a route from the Performance page.')} />;
  return (
    <div className="page perf-page route-page">
      <nav className="crumbs small">
        <Link href={performanceUrl({ ...filters, route: undefined, method: undefined })}>← Performance</Link>
      </nav>
      <header className="page-head">
        <div>
          <h1 className="route-title">
            {filters.method && <span className="method">{filters.method}</span>} <span data-testid="route-title">{route}</span>
          </h1>
          <p className="muted">
            {filters.service ? `Service ${filters.service}` : 'All services'} · p95 {formatMs(summary.data?.current.p95 ?? null)}
          </p>
        </div>
        <TimeRangePicker state={timeState} onChange={onTime} />
      </header>
      {summary.error && <ErrorBanner error={summary.error} onRetry={summary.reload} />}
      <PerfCharts scope={scope} />
      <div className="perf-grid">
        <section className="card">
          <h2 className="section-title">Compared with the previous period</h2>
          {summary.data ? <CompareTable a={summary.data.previous} b={summary.data.current} aLabel="Previous" bLabel="This range" testId="compare-previous" /> : <Spinner />}
        </section>
        <section className="card">
          <h2 className="section-title">Latency distribution</h2>
          {distribution.error && <ErrorBanner error={distribution.error} onRetry={distribution.reload} />}
          {distribution.data ? <LatencyHistogram distribution={distribution.data} /> : !distribution.error && <Spinner />}
        </section>
      </div>
      <section>
        {byVersion.error && <ErrorBanner error={byVersion.error} onRetry={byVersion.reload} />}
        <TimeChart title="p95 by release" buckets={byVersion.data?.buckets ?? []} series={versionSeries} format={formatMs} testId="chart-by-version" />
        <ReleaseCompare scope={scope} versions={(byVersion.data?.series ?? []).map((s) => s.key).filter(Boolean)} />
      </section>
      <section>
        <h2 className="section-title">Slowest requests</h2>
        {slowest.error && <ErrorBanner error={slowest.error} onRetry={slowest.reload} />}
        {slowest.data ? <SlowestRequests logs={slowest.data} /> : !slowest.error && <Spinner />}
      </section>
    </div>
  );
}
