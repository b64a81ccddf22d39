/**
 * The Insights page keeps its state in the URL like the other pages:
 *   /insights?project=shop&range=24h&q=level:error
 * One project (by slug), the explorer's time range (default 1 h here, the API's own default) and a query.
 */
import { parseExplorerState, resolveRange, type ExplorerState, type RangePreset } from '../../hooks/useExplorerFilters';

export interface InsightsFilters {
  project: string;
  range: RangePreset | 'custom';
  from?: string;
  to?: string;
  q: string;
}

const DEFAULT_RANGE: RangePreset = '1h';

export function parseInsightsFilters(search: URLSearchParams): InsightsFilters {
  const time = parseExplorerState(search);
  // The explorer's default is 24 h; here no `range` (and no custom bounds) means 1 h.
  const range = search.get('range') || time.range === 'custom' ? time.range : DEFAULT_RANGE;
  return { project: (search.get('project') ?? '').split(',')[0] ?? '', range, from: time.from, to: time.to, q: search.get('q') ?? '' };
}

export function insightsUrl(filters: Partial<InsightsFilters> = {}): string {
  const p = new URLSearchParams();
  if (filters.project) p.set('project', filters.project);
  if (filters.range === 'custom') {
    if (filters.from) p.set('from', filters.from);
    if (filters.to) p.set('to', filters.to);
  } else if (filters.range && filters.range !== DEFAULT_RANGE) {
    p.set('range', filters.range);
  }
  if (filters.q) p.set('q', filters.q);
  const text = p.toString();
  return `/insights${text ? `?${text}` : ''}`;
}

/** Both ends as ISO times, resolved once so every panel (patterns, anomalies, chart) reads the same window. */
export function insightsRange(filters: InsightsFilters, now: number): { from: string; to: string } {
  const state = { range: filters.range, from: filters.from, to: filters.to } as ExplorerState;
  const { from, to } = resolveRange(state, now);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
