/**
 * The Performance pages keep their state in the URL, like the explorer and the Errors page:
 *   /performance?project=shop&service=api&range=1h&sort=error_rate
 *   /performance/route?project=shop&service=api&route=/orders/:id&range=24h
 * Defaults (24 h, sorted by p95, slowest first) are left out of the URL.
 */
import type { RouteSort } from '../../api/perf';
import { parseExplorerState, resolveRange, type ExplorerState, type RangePreset } from '../../hooks/useExplorerFilters';

export interface PerfFilters {
  /** One project, by slug (or id); '' until one is picked. */
  project: string;
  service: string;
  range: RangePreset | 'custom';
  from?: string;
  to?: string;
  sort: RouteSort;
  order: 'asc' | 'desc';
  /** The route of the detail page, and its method when it has one. */
  route?: string;
  method?: string;
}

export const ROUTE_SORTS: ReadonlyArray<{ id: RouteSort; label: string }> = [
  { id: 'p95', label: 'p95' },
  { id: 'rate', label: 'Rate' },
  { id: 'error_rate', label: 'Error %' },
  { id: 'total_ms', label: 'Total time' },
  { id: 'count', label: 'Requests' },
];

export function parsePerfFilters(search: URLSearchParams): PerfFilters {
  const time = parseExplorerState(search);
  const sort = ROUTE_SORTS.find((s) => s.id === search.get('sort'))?.id ?? 'p95';
  return {
    project: (search.get('project') ?? '').split(',')[0] ?? '',
    service: search.get('service') ?? '',
    range: time.range,
    from: time.from,
    to: time.to,
    sort,
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
    route: search.get('route') ?? undefined,
    method: search.get('method') ?? undefined,
  };
}

function params(filters: Partial<PerfFilters>, withRoute: boolean): string {
  const p = new URLSearchParams();
  if (filters.project) p.set('project', filters.project);
  if (filters.service) p.set('service', filters.service);
  if (withRoute && filters.route) p.set('route', filters.route);
  if (withRoute && filters.route && filters.method) p.set('method', filters.method);
  if (filters.range === 'custom') {
    if (filters.from) p.set('from', filters.from);
    if (filters.to) p.set('to', filters.to);
  } else if (filters.range && filters.range !== '24h') {
    p.set('range', filters.range);
  }
  if (filters.sort && filters.sort !== 'p95') p.set('sort', filters.sort);
  if (filters.order === 'asc') p.set('order', 'asc');
  const text = p.toString();
  return text ? `?${text}` : '';
}

export function performanceUrl(filters: Partial<PerfFilters> = {}): string {
  return `/performance${params(filters, false)}`;
}

export function routeDetailUrl(filters: Partial<PerfFilters> & { route: string; service: string }): string {
  return `/performance/route${params(filters, true)}`;
}

/** The range the API is asked about, both ends given so "previous period" is the same length on every call. */
export function perfRange(filters: PerfFilters, now: number): { from: string; to: string } {
  const state = { range: filters.range, from: filters.from, to: filters.to } as ExplorerState;
  const { from, to } = resolveRange(state, now);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
