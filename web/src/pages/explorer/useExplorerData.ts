/**
 * Everything the explorer loads for one state: the list (paged), total, histogram, facets, services
 * and context fields. Relative ranges are resolved once per query so paging keeps a stable window.
 */
import { useMemo } from 'react';
import { logsApi } from '../../api/logs';
import { projectsApi } from '../../api/projects';
import { LEVELS, type Level } from '../../api/types';
import type { ServiceCount } from '../../components/FacetPanel';
import { useAsync } from '../../hooks/useAsync';
import { toLogFilter, type ExplorerState } from '../../hooks/useExplorerFilters';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { useLiveTail } from '../../hooks/useLiveTail';
import { useLogPages } from '../../hooks/useLogPages';

export function useExplorerData(state: ExplorerState, refreshes: number, facetField: string) {
  const stateKey = JSON.stringify({ ...state, live: false, cols: [], tz: '', view: '' });
  const now = useMemo(() => Date.now(), [stateKey, refreshes]); // eslint-disable-line react-hooks/exhaustive-deps
  const filter = useMemo(() => toLogFilter(state, now), [stateKey, now]); // eslint-disable-line react-hooks/exhaustive-deps
  const filterKey = JSON.stringify(filter);
  const tail = useLiveTail(filter, filterKey, state.live);
  // The list keeps its window while live; the total, histogram and facets follow what streams in.
  const liveTick = useLiveRefresh(state.live, tail.received);
  const statsNow = useMemo(() => (liveTick ? Date.now() : now), [now, liveTick]);
  const statsFilter = useMemo(() => toLogFilter(state, statsNow), [stateKey, statsNow]); // eslint-disable-line react-hooks/exhaustive-deps
  const statsKey = JSON.stringify(statsFilter);
  // Without the level filter: the histogram shows every level and feeds the level counts.
  const facetFilter = useMemo(() => toLogFilter(state, statsNow, false), [stateKey, statsNow]); // eslint-disable-line react-hooks/exhaustive-deps

  const projects = useAsync(() => projectsApi.list(), []);
  const histogram = useAsync((signal) => logsApi.histogram(facetFilter, undefined, signal), [JSON.stringify(facetFilter), liveTick]);
  const total = useAsync((signal) => logsApi.count(statsFilter, signal), [statsKey, liveTick]);
  const pages = useLogPages(filter, filterKey);
  const facets = useAsync((signal) => logsApi.facets(statsFilter, facetField || undefined, signal), [statsKey, facetField, liveTick]);
  // Service counts ignore the service filter itself, so the other services stay on offer.
  const serviceFacets = useAsync(
    (signal) => (state.services.length ? logsApi.facets({ ...statsFilter, services: [] }, undefined, signal) : Promise.resolve(undefined)),
    [statsKey, liveTick],
  );
  // Before the facets API exists (or if it fails), the plain service list still lets people filter.
  const serviceList = useAsync(
    (signal) => (facets.error ? logsApi.services(state.projects, signal) : Promise.resolve(undefined)),
    [state.projects.join(','), Boolean(facets.error), refreshes],
  );
  const fields = useAsync(
    (signal) => logsApi.fields({ projects: state.projects, from: filter.from, to: filter.to }, signal).catch(() => []),
    [state.projects.join(','), filter.from, filter.to],
  );

  const levelCounts = useMemo(() => {
    const counts: Partial<Record<Level, number>> = {};
    for (const bucket of histogram.data?.buckets ?? [])
      for (const level of LEVELS) counts[level] = (counts[level] ?? 0) + (bucket.counts[level] ?? 0);
    return counts;
  }, [histogram.data]);

  const services = useMemo((): ServiceCount[] | undefined => {
    const source = (state.services.length ? serviceFacets.data?.services : facets.data?.services) ?? serviceList.data;
    if (!source) return undefined;
    const byName = new Map<string, ServiceCount>();
    for (const s of source) {
      const entry = byName.get(s.service) ?? { service: s.service, count: 0, projects: [] };
      entry.count += s.count;
      if (s.project_slug && !entry.projects.includes(s.project_slug)) entry.projects.push(s.project_slug);
      byName.set(s.service, entry);
    }
    // Selected services stay listed (at 0) even when the query matches none of their logs.
    for (const name of state.services) if (!byName.has(name)) byName.set(name, { service: name, count: 0, projects: [] });
    return [...byName.values()].sort((a, b) => b.count - a.count || a.service.localeCompare(b.service));
  }, [state.services, serviceFacets.data, facets.data, serviceList.data]);

  return { filter, tail, projects, histogram, total, pages, facets, services, fields, levelCounts };
}
