/**
 * The log explorer: filters in the URL, facets on the left, a histogram that zooms by dragging,
 * and a virtualised list loaded page by page, with live tail streamed in on top.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LogEntry } from '../../api/types';
import { FacetDrawer } from '../../components/FacetDrawer';
import { FacetPanel } from '../../components/FacetPanel';
import { ErrorBanner, EmptyState } from '../../components/Feedback';
import { Histogram } from '../../components/Histogram';
import { LogList } from '../../components/LogList';
import { SurroundingDialog } from '../../components/SurroundingDialog';
import { formatCount } from '../../format';
import { useExplorerFilters } from '../../hooks/useExplorerFilters';
import { useTimeZone } from '../../hooks/useTimeZone';
import { appendClause } from '../../query/clauses';
import { ExplorerToolbar } from './ExplorerToolbar';
import { FilterChips } from './FilterChips';
import { LiveBar } from './LiveBar';
import { LiveListFrame } from './LiveListFrame';
import { LogHead } from './LogHead';
import { queryProblemOf } from './query-problem';
import { ResultsTools } from './ResultsTools';
import { SamplingHint } from './SamplingHint';
import { useExplorerData } from './useExplorerData';
import { useAnomalyMarks } from './useAnomalyMarks';
import { useFacetField } from './useFacetField';

export function ExplorerPage() {
  const [state, update] = useExplorerFilters();
  const [refreshes, setRefreshes] = useState(0);
  const [surrounding, setSurrounding] = useState<LogEntry | null>(null);
  const [facetField, setFacetField] = useFacetField();
  const [zone, setZone] = useTimeZone(state.tz, update);
  const data = useExplorerData(state, refreshes, facetField);
  const { pages, total, projects, tail } = data;
  const problem = queryProblemOf(pages.error, total.error);
  const oneProject = state.projects.length === 1 ? projects.data?.find((p) => p.slug === state.projects[0]) : undefined;
  const marks = useAnomalyMarks(oneProject, data.histogram.data);

  // Live rows go on top; a log already in the first page is not shown twice.
  const rows = useMemo(() => {
    if (tail.rows.length === 0) return pages.rows;
    const seen = new Set(pages.rows.slice(0, 1000).map((r) => r.id));
    return [...tail.rows.filter((r) => !seen.has(r.id)), ...pages.rows];
  }, [tail.rows, pages.rows]);
  const fresh = useMemo(() => new Set(tail.rows.map((r) => r.id)), [tail.rows]);

  useEffect(() => {
    const names = state.projects.map((slug) => projects.data?.find((p) => p.slug === slug)?.name ?? slug);
    document.title = `${names.length ? `${names.join(', ')} · ` : ''}Explore · DevSmith Logs`;
  }, [projects.data, state.projects]);

  const addContextFilter = useCallback(
    (path: string, value: string) => update({ ctx: { ...state.ctx, [path]: value } }),
    [state.ctx, update],
  );
  const addClause = useCallback((clause: string) => update({ q: appendClause(state.q, clause) }), [state.q, update]);
  const zoom = useCallback(
    (from: number, to: number) =>
      update({ range: 'custom', from: new Date(from).toISOString(), to: new Date(to).toISOString() }),
    [update],
  );
  const sources = useMemo(
    () => ({
      contextFields: (data.fields.data ?? []).map((f) => ({ path: f.path.replace(/^ctx\./, ''), type: mainType(f.types) })),
      services: (data.services ?? []).map((s) => s.service),
      projects: (projects.data ?? []).map((p) => p.slug),
    }),
    [data.fields.data, data.services, projects.data],
  );

  return (
    <div className="explorer">
      <ExplorerToolbar
        state={state}
        projects={projects.data}
        onChange={update}
        onRefresh={() => setRefreshes((n) => n + 1)}
        problem={problem}
        sources={sources}
      />
      <div className="explorer-body">
        <FacetDrawer active={state.levels.length + state.services.length}>
        <FacetPanel
          levelCounts={data.levelCounts}
          levels={state.levels}
          onLevels={(levels) => update({ levels })}
          services={data.services}
          selectedServices={state.services}
          onServices={(list) => update({ services: list })}
          onClause={addClause}
          field={{
            name: facetField,
            onName: setFacetField,
            fields: data.fields.data,
            facet: data.facets.data?.field,
            loading: data.facets.loading && Boolean(facetField),
            error: facetField && !problem ? data.facets.error : undefined,
          }}
        />
        </FacetDrawer>
        <section className="explorer-main">
          <FilterChips state={state} onChange={update} />
          <Histogram data={data.histogram.data} selectedLevels={state.levels} onSelect={zoom} marks={marks} />
          <div className="results-head">
            <span data-testid="result-count">
              <strong className="num">{total.data === undefined || problem ? '…' : total.data.toLocaleString('en')}</strong> logs
            </span>
            <span className="muted">
              {formatCount(pages.rows.length)} loaded{pages.hasMore ? ' · scroll for more' : ''}
            </span>
            {state.projects.length === 1 && <SamplingHint project={state.projects[0]} />}
            {state.live && <LiveBar tail={tail} />}
            <ResultsTools
              zone={zone}
              onZone={setZone}
              columns={state.cols}
              fields={data.fields.data}
              onColumns={(cols) => update({ cols })}
              filter={data.filter}
            />
          </div>
          <LogHead columns={state.cols} zone={zone} />
          {problem && <div className="banner banner-error">The query could not be read: fix it in the search box above.</div>}
          {pages.error && !problem && <ErrorBanner error={pages.error} onRetry={() => setRefreshes((n) => n + 1)} />}
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
              columns={state.cols}
              zone={zone}
            />
            </LiveListFrame>
          )}
        </section>
      </div>
      {surrounding && <SurroundingDialog log={surrounding} onClose={() => setSurrounding(null)} />}
    </div>
  );
}

function mainType(types: Partial<Record<string, number>>): string | undefined {
  return Object.entries(types).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]?.[0];
}
