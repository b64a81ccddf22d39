/**
 * Between the explorer's URL state and a saved view's query (docs/api.md, Saved views): presets are
 * stored relative (`now-1h`) so a view opened tomorrow shows tomorrow's last hour.
 */
import type { ViewQuery } from '../api/types';
import { appendClause, includeClause } from '../query/clauses';
import { RANGE_PRESETS, type ExplorerState } from './useExplorerFilters';

export function stateToViewQuery(state: ExplorerState): ViewQuery {
  // The old `ctx.<f>=` filters have no place in a view: they are kept as the equivalent clauses.
  let q = state.q.trim();
  for (const [path, value] of Object.entries(state.ctx)) q = appendClause(q, includeClause(`ctx.${path}`, value));
  const preset = RANGE_PRESETS.find((p) => p.id === state.range);
  return {
    q,
    project: state.projects,
    service: state.services,
    level: state.levels,
    from: preset ? `now-${preset.id}` : (state.from ?? null),
    to: preset ? null : (state.to ?? null),
    columns: state.cols,
  };
}

export function viewToState(id: number, query: ViewQuery): Partial<ExplorerState> {
  const preset = query.to ? undefined : RANGE_PRESETS.find((p) => query.from === `now-${p.id}`);
  const range = preset ? { range: preset.id, from: undefined, to: undefined } : rangeOf(query);
  return {
    q: query.q,
    projects: query.project,
    services: query.service,
    levels: query.level,
    ctx: {},
    cols: query.columns,
    view: String(id),
    live: false,
    ...range,
  };
}

function rangeOf(query: ViewQuery): Partial<ExplorerState> {
  if (!query.from && !query.to) return { range: '24h', from: undefined, to: undefined };
  return { range: 'custom', from: query.from ?? undefined, to: query.to ?? undefined };
}
