/**
 * The explorer's whole state lives in the URL (shareable, survives reload):
 * /explore?project=shop,blog&service=api,worker&level=ERROR,WARN&q=timeout&range=1h&ctx.user_id=42&live=1
 *   &cols=ctx.http.route,ctx.http.status&tz=utc&view=12
 * A custom range replaces `range` by `from` and `to` (ISO 8601, or relative like `now-15m`).
 */
import { useCallback, useMemo } from 'react';
import { navigate, useLocation } from '../router';
import { LEVELS, type Level, type LogFilter } from '../api/types';

export const RANGE_PRESETS = [
  { id: '15m', label: '15m', ms: 15 * 60_000 },
  { id: '1h', label: '1h', ms: 3_600_000 },
  { id: '24h', label: '24h', ms: 86_400_000 },
  { id: '7d', label: '7d', ms: 7 * 86_400_000 },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];
const DEFAULT_RANGE: RangePreset = '24h';

export type TimeZoneChoice = 'utc' | 'local';

export interface ExplorerState {
  projects: string[];
  services: string[];
  levels: Level[];
  q: string;
  range: RangePreset | 'custom';
  from?: string;
  to?: string;
  ctx: Record<string, string>;
  live: boolean;
  /** Field paths shown as columns, e.g. `ctx.http.route`. */
  cols: string[];
  /** Absent: the user's remembered choice applies. */
  tz?: TimeZoneChoice;
  /** The saved view this state was opened from. */
  view?: string;
}

/** What links elsewhere in the dashboard pass: one project by slug is the common case. */
export type ExplorerLink = Partial<ExplorerState> & { project?: string };

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

export function parseExplorerState(search: URLSearchParams): ExplorerState {
  // Null prototype: a context field named "__proto__" is a key like any other, not the object's prototype.
  const ctx: Record<string, string> = Object.create(null);
  for (const [key, value] of search) if (key.startsWith('ctx.')) ctx[key.slice(4)] = value;
  const from = search.get('from') ?? undefined;
  const to = search.get('to') ?? undefined;
  const range = RANGE_PRESETS.find((p) => p.id === search.get('range'))?.id;
  const tz = search.get('tz');
  return {
    // Repeated (`project=a&project=b`) or comma separated, as the API accepts.
    projects: search.getAll('project').flatMap(list),
    services: list(search.get('service')),
    levels: list(search.get('level')).filter((l): l is Level => (LEVELS as string[]).includes(l)),
    q: search.get('q') ?? '',
    range: range ?? (from || to ? 'custom' : DEFAULT_RANGE),
    from: range ? undefined : from,
    to: range ? undefined : to,
    ctx,
    live: search.get('live') === '1',
    cols: list(search.get('cols')),
    tz: tz === 'utc' || tz === 'local' ? tz : undefined,
    view: search.get('view') || undefined,
  };
}

export function explorerUrl(state: ExplorerLink): string {
  const params = new URLSearchParams();
  const projects = state.projects ?? (state.project ? [state.project] : []);
  if (projects.length) params.set('project', projects.join(','));
  if (state.services?.length) params.set('service', state.services.join(','));
  if (state.levels?.length) params.set('level', state.levels.join(','));
  if (state.q) params.set('q', state.q);
  if (state.range === 'custom') {
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
  } else if (state.range) {
    params.set('range', state.range);
  }
  for (const [field, value] of Object.entries(state.ctx ?? {})) params.set(`ctx.${field}`, value);
  if (state.live) params.set('live', '1');
  if (state.cols?.length) params.set('cols', state.cols.join(','));
  if (state.tz) params.set('tz', state.tz);
  if (state.view) params.set('view', state.view);
  const text = params.toString();
  return `/explore${text ? `?${text}` : ''}`;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** An ISO time, epoch ms, `now` or `now-15m`; anything else (`yesterday`) is undefined, never a crash. */
export function parseTimeInput(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const relative = /^now(?:-(\d{1,9})([smhdw]))?$/.exec(value.trim());
  if (relative) return relative[1] ? now - Number(relative[1]) * UNIT_MS[relative[2]] : now;
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

function readableTime(value: string | undefined): number | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** What to send for a bound: the resolved time, or the URL's own text when the browser cannot read it. */
const sendable = (raw: string | undefined, resolved: number) =>
  raw && readableTime(raw) === undefined ? raw : new Date(resolved).toISOString();

/** The time window a state covers, resolved against `now` for the relative presets. */
export function resolveRange(state: ExplorerState, now: number): { from: number; to: number } {
  if (state.range === 'custom') {
    // A bound the browser cannot read (a typo) falls back here; `now-15m` is read as the API reads it.
    // toLogFilter still sends a bound as written so the API can accept it or say what is wrong.
    const to = parseTimeInput(state.to, now) ?? now;
    const from = parseTimeInput(state.from, now) ?? to - 86_400_000;
    return { from, to };
  }
  const preset = RANGE_PRESETS.find((p) => p.id === state.range) ?? RANGE_PRESETS[2];
  return { from: now - preset.ms, to: now };
}

/** The API filter for a state; relative ranges leave `to` open so fresh logs keep showing. */
export function toLogFilter(state: ExplorerState, now: number, withLevels = true): LogFilter {
  const { from, to } = resolveRange(state, now);
  return {
    projects: state.projects,
    services: state.services,
    levels: withLevels ? state.levels : [],
    q: state.q.trim() || undefined,
    ctx: state.ctx,
    from: state.range === 'custom' ? sendable(state.from, from) : new Date(from).toISOString(),
    to: state.range === 'custom' ? sendable(state.to, to) : undefined,
  };
}

export function useExplorerFilters(): [ExplorerState, (patch: Partial<ExplorerState>) => void] {
  const { path, search } = useLocation();
  const key = search.toString();
  const state = useMemo(() => parseExplorerState(new URLSearchParams(key)), [key]);
  const update = useCallback(
    (patch: Partial<ExplorerState>) => {
      if (path !== '/explore') return;
      const next = { ...parseExplorerState(new URLSearchParams(window.location.search)), ...patch };
      // Toggling live or the zone, or editing columns, should not flood the back button history.
      const replace = 'live' in patch || 'tz' in patch || 'cols' in patch;
      navigate(explorerUrl(next), { replace });
    },
    [path],
  );
  return [state, update];
}
