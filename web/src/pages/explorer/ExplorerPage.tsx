/**
 * The log explorer: filters in the URL, facets on the left, a histogram that zooms by dragging,
 * and a virtualised list loaded page by page, with live tail streamed in on top.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { logsApi } from '../../api/logs';
import { projectsApi } from '../../api/projects';
import { LEVELS, type Level, type LogEntry } from '../../api/types';
import { FacetDrawer } from '../../components/FacetDrawer';
import { FacetPanel } from '../../components/FacetPanel';
import { ErrorBanner, EmptyState } from '../../components/Feedback';
import { Histogram } from '../../components/Histogram';
import { LogList } from '../../components/LogList';
import { SurroundingDialog } from '../../components/SurroundingDialog';
import { formatCount } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { toLogFilter, useExplorerFilters } from '../../hooks/useExplorerFilters';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { useLiveTail } from '../../hooks/useLiveTail';
import { useLogPages } from '../../hooks/useLogPages';
import { ExplorerToolbar } from './ExplorerToolbar';
import { FilterChips } from './FilterChips';
import { LiveBar } from './LiveBar';
import { LiveListFrame } from './LiveListFrame';

export function ExplorerPage() {
  const [state, update] = useExplorerFilters();
  const [refreshes, setRefreshes] = useState(0);
  const [surrounding, setSurrounding] = useState<LogEntry | null>(null);

  // Relative ranges are resolved once per query so that paging keeps a stable window.
  const stateKey = JSON.stringify({ ...state, live: false });
  const now = useMemo(() => Date.now(), [stateKey, refreshes]); // eslint-disable-line react-hooks/exhaustive-deps
  const filter = useMemo(() => toLogFilter(state, now), [stateKey, now]); // eslint-disable-line react-hooks/exhaustive-deps
  const filterKey = JSON.stringify(filter);
  const tail = useLiveTail(filter, filterKey, state.live);
  // The list keeps its window while live; the total and histogram follow what streams in.
  const liveTick = useLiveRefresh(state.live, tail.received);
  const statsNow = useMemo(() => (liveTick ? Date.now() : now), [now, liveTick]);
  const statsFilter = useMemo(() => toLogFilter(state, statsNow), [stateKey, statsNow]); // eslint-disable-line react-hooks/exhaustive-deps
  const facetFilter = useMemo(() => toLogFilter(state, statsNow, false), [stateKey, statsNow]); // eslint-disable-line react-hooks/exhaustive-deps

  const projects = useAsync(() => projectsApi.list(), []);
  const services = useAsync(
    (signal) => (state.project ? logsApi.services(state.project, signal) : Promise.resolve(undefined)),
    [state.project, refreshes],
  );
  // Without the level filter: the histogram shows every level and feeds the level counts.
  const histogram = useAsync((signal) => logsApi.histogram(facetFilter, undefined, signal), [JSON.stringify(facetFilter), liveTick]);
  const total = useAsync((signal) => logsApi.count(statsFilter, signal), [JSON.stringify(statsFilter), liveTick]);
  const pages = useLogPages(filter, filterKey);

  const levelCounts = useMemo(() => {
    const counts: Partial<Record<Level, number>> = {};
    for (const bucket of histogram.data?.buckets ?? [])
      for (const level of LEVELS) counts[level] = (counts[level] ?? 0) + (bucket.counts[level] ?? 0);
    return counts;
  }, [histogram.data]);

  // Live rows go on top; a log already in the first page is not shown twice.
  const rows = useMemo(() => {
    if (tail.rows.length === 0) return pages.rows;
    const seen = new Set(pages.rows.slice(0, 1000).map((r) => r.id));
    return [...tail.rows.filter((r) => !seen.has(r.id)), ...pages.rows];
  }, [tail.rows, pages.rows]);
  const fresh = useMemo(() => new Set(tail.rows.map((r) => r.id)), [tail.rows]);

  useEffect(() => {
    const name = projects.data?.find((p) => p.slug === state.project)?.name;
    document.title = `${name ? `${name} · ` : ''}Explore · DevSmith Logs`;
  }, [projects.data, state.project]);

  const addContextFilter = useCallback(
    (path: string, value: string) => update({ ctx: { ...state.ctx, [path]: value } }),
    [state.ctx, update],
  );
  const zoom = useCallback(
    (from: number, to: number) =>
      update({ range: 'custom', from: new Date(from).toISOString(), to: new Date(to).toISOString() }),
    [update],
  );

  return (
    <div className="explorer">
      <ExplorerToolbar state={state} projects={projects.data} onChange={update} onRefresh={() => setRefreshes((n) => n + 1)} />
      <div className="explorer-body">
        <FacetDrawer active={state.levels.length + state.services.length}>
          <FacetPanel
            levelCounts={levelCounts}
            levels={state.levels}
            onLevels={(levels) => update({ levels })}
            services={services.data}
            selectedServices={state.services}
            onServices={(list) => update({ services: list })}
          />
        </FacetDrawer>
        <section className="explorer-main">
          <FilterChips state={state} onChange={update} />
          <Histogram data={histogram.data} selectedLevels={state.levels} onSelect={zoom} />
          <div className="results-head">
            <span data-testid="result-count">
              <strong className="num">{total.data === undefined ? '…' : total.data.toLocaleString('en')}</strong> logs
            </span>
            <span className="muted">
              {formatCount(pages.rows.length)} loaded{pages.hasMore ? ' · scroll for more' : ''}
            </span>
            {state.live && <LiveBar tail={tail} />}
          </div>
          <div className="log-head">
            <span className="col-time">Time</span>
            <span className="col-level">Level</span>
            <span className="col-service">Service</span>
            <span className="col-message">Message</span>
          </div>
          {pages.error && <ErrorBanner error={pages.error} onRetry={() => setRefreshes((n) => n + 1)} />}
          {!pages.loading && !pages.error && rows.length === 0 ? (
            <EmptyState title="No logs match these filters">
              Widen the time range, clear a filter, or turn on live tail to watch new logs arrive.
            </EmptyState>
          ) : (
            <LiveListFrame tail={tail}>
              <LogList
                rows={rows}
                hasMore={pages.hasMore}
                loading={pages.loading}
                onLoadMore={pages.loadMore}
                onFilter={addContextFilter}
                onSurrounding={setSurrounding}
                highlightIds={fresh}
              />
            </LiveListFrame>
          )}
        </section>
      </div>
      {surrounding && <SurroundingDialog log={surrounding} onClose={() => setSurrounding(null)} />}
    </div>
  );
}
