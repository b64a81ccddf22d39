/**
 * Performance analytics (issue 14): the verbs behind /api/perf/* over the aggregates the stores keep
 * (src/store/perf-types.ts). Resolves the project the user may see, reads rows, sums them into Stats.
 * Knows no HTTP; the routes are in src/server/routes/perf.ts, the charts' verbs in ./series.ts.
 */
import type { Projects } from '../projects/projects.js';
import type { PerfQuery, PerfRow } from '../store/perf-types.js';
import type { Project, Store, User } from '../store/types.js';
import { minutesOf, parseRange, previousOf, type PerfParams, type PerfSort, type Range } from './params.js';
import { RELATIVE_ACCURACY } from './sketch.js';
import { accOf, DEFAULT_APDEX_MS, groupRows, isSlower, p95Change, SLOWER_THRESHOLD, statsOf, type Stats } from './stats.js';

export interface Scope {
  project: Project;
  thresholdMs: number;
  range: Range;
  params: PerfParams;
}

const SPARK_BUCKETS = 24;
const routeKey = (r: PerfRow) => `${r.service}\u0000${r.kind}\u0000${r.route}\u0000${r.method}`;

export class Perf {
  constructor(readonly store: Store, private readonly projects: Projects, readonly clock = () => Date.now()) {}

  /** The project (404 unless the user may see it), its Apdex threshold and the range. */
  async scope(user: User, params: PerfParams, range?: Range): Promise<Scope> {
    const project = await this.projects.get(user, params.project);
    return {
      project, params,
      thresholdMs: project.apdexThresholdMs ?? DEFAULT_APDEX_MS,
      range: range ?? parseRange(params.from, params.to, this.clock()),
    };
  }

  /** The rows of the scope's filters over a range (method filtered here: the stores key on it, not index it). */
  async rows(s: Scope, range: Range, extra: Partial<PerfQuery> = {}): Promise<PerfRow[]> {
    const p = s.params;
    const rows = await this.store.perfRows({
      projectId: s.project.id, from: range.from, to: range.to,
      ...(p.service ? { service: p.service } : {}),
      ...(p.route ? { route: p.route } : {}),
      ...(p.env ? { environment: p.env } : {}),
      ...extra,
    });
    const method = p.method?.toUpperCase();
    return method ? rows.filter((r) => r.method === method) : rows;
  }

  stats(s: Scope, rows: PerfRow[], range: Range): Stats {
    return statsOf(accOf(rows), minutesOf(range), s.thresholdMs);
  }

  async summary(user: User, params: PerfParams) {
    const s = await this.scope(user, params);
    const prev = previousOf(s.range);
    const [cur, before] = await Promise.all([this.rows(s, s.range), this.rows(s, prev)]);
    return {
      project_id: s.project.id, from: iso(s.range.from), to: iso(s.range.to), apdex_threshold_ms: s.thresholdMs,
      relative_accuracy: RELATIVE_ACCURACY, current: this.stats(s, cur, s.range), previous: this.stats(s, before, prev),
    };
  }

  async routes(user: User, params: PerfParams, sort: PerfSort, order: 'asc' | 'desc', limit: number) {
    const s = await this.scope(user, params);
    const prev = previousOf(s.range);
    const step = (s.range.to - s.range.from) / SPARK_BUCKETS;
    // Sparkline buckets shorter than an hour need minute rows; the table itself does not.
    const [cur, before] = await Promise.all([this.rows(s, s.range, { minutesOnly: step < 3_600_000 }), this.rows(s, prev)]);
    const prevByRoute = groupRows(before, routeKey);
    const spark = new Map<string, PerfRow[][]>();
    for (const r of cur) {
      const k = routeKey(r);
      let b = spark.get(k);
      if (!b) spark.set(k, (b = Array.from({ length: SPARK_BUCKETS }, () => [])));
      b[Math.min(SPARK_BUCKETS - 1, Math.max(0, Math.floor((r.t - s.range.from) / step)))]!.push(r);
    }
    const minutes = minutesOf(s.range);
    const data = [...groupRows(cur, routeKey)].map(([k, acc]) => {
      const [service, kind, route, method] = k.split('\u0000') as [string, 'http' | 'operation', string, string];
      const stats = statsOf(acc, minutes, s.thresholdMs);
      const p = prevByRoute.get(k);
      const previous = p ? statsOf(p, minutesOf(prev), s.thresholdMs) : null;
      return {
        service, route, kind, method: method || null, ...stats, previous,
        slower: isSlower(stats, previous), p95_change: p95Change(stats, previous),
        spark: spark.get(k)!.map(sparkP95),
      };
    });
    return { data: sortBy(data, sort, order).slice(0, limit), slower_threshold: SLOWER_THRESHOLD };
  }

  async services(user: User, params: PerfParams) {
    const s = await this.scope(user, { ...params, route: undefined });
    const prev = previousOf(s.range);
    const [cur, before] = await Promise.all([this.rows(s, s.range), this.rows(s, prev)]);
    const prevBy = groupRows(before, (r) => r.service);
    const data = [...groupRows(cur, (r) => r.service)].map(([service, acc]) => {
      const stats = statsOf(acc, minutesOf(s.range), s.thresholdMs);
      const p = prevBy.get(service);
      const previous = p ? statsOf(p, minutesOf(prev), s.thresholdMs) : null;
      return { service, ...stats, previous, slower: isSlower(stats, previous), p95_change: p95Change(stats, previous) };
    });
    return { data: data.sort((a, b) => b.count - a.count || (a.service < b.service ? -1 : 1)) };
  }
}

/** A sparkline cell's p95. */
function sparkP95(rows: PerfRow[]): number {
  return rows.length ? (accOf(rows).counts.quantiles([0.95])[0] ?? 0) : 0;
}

export const iso = (ms: number) => new Date(ms).toISOString();

const SORT_FIELD: Record<PerfSort, keyof Stats> = { p95: 'p95', rate: 'rate_per_min', error_rate: 'error_rate', total_ms: 'total_ms', count: 'count' };

/** Sorted by the field, nulls last either way; ties by service and route for a stable order. */
export function sortBy<T extends Stats & { service: string; route: string }>(rows: T[], sort: PerfSort, order: 'asc' | 'desc'): T[] {
  const f = SORT_FIELD[sort];
  const dir = order === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const x = a[f] as number | null, y = b[f] as number | null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * dir || a.service.localeCompare(b.service) || a.route.localeCompare(b.route);
  });
}
