/**
 * The chart verbs of /api/perf: metrics over time (split by route, service or version), the latency
 * distribution, the slowest requests of a route, and the comparison of two ranges or two releases.
 */
import type { LogEntry, User } from '../store/types.js';
import type { PerfRow } from '../store/perf-types.js';
import { HOUR_MS, minutesOf, MINUTE_MS, parseRange, type PerfBy, type PerfMetric, type PerfParams, type Range } from './params.js';
import { accOf, apdexOf, groupRows, p95Change, statsOf, type Acc } from './stats.js';
import { bucketBounds, sortedBuckets } from './sketch.js';
import { perfFacts } from './conventions.js';
import type { Perf } from './perf.js';

const TOP_KEYS = 10;
const MAX_BARS = 60;
/** Logs read per minute window when looking for the slowest requests (a minute of one route is rarely more). */
const SCAN_PER_MINUTE = 20_000;

const KEY_OF: Record<Exclude<PerfBy, 'none'>, (r: PerfRow) => string> = {
  route: (r) => r.route,
  service: (r) => r.service,
  version: (r) => r.version,
};

function metricOf(acc: Acc | undefined, metric: PerfMetric, stepMinutes: number, thresholdMs: number): number | null {
  if (!acc || acc.n === 0) return metric === 'rate' || metric === 'errors' ? 0 : null;
  switch (metric) {
    case 'rate': return Math.round((acc.n / stepMinutes) * 1000) / 1000;
    case 'errors': return acc.errors;
    case 'error_rate': return Math.round((acc.errors / acc.n) * 10_000) / 10_000;
    case 'apdex': return apdexOf(acc, thresholdMs);
    default: {
      const q = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 }[metric];
      const v = acc.counts.quantiles([q])[0] ?? null;
      return v === null ? null : Math.round(v * 1000) / 1000;
    }
  }
}

export async function timeseries(perf: Perf, user: User, params: PerfParams, metrics: PerfMetric[], by: PerfBy, stepMs: (r: Range) => number) {
  const s = await perf.scope(user, params);
  const step = stepMs(s.range);
  const start = Math.floor(s.range.from / step) * step;
  const buckets: number[] = [];
  for (let t = start; t < s.range.to; t += step) buckets.push(t);
  const rows = await perf.rows(s, s.range, { minutesOnly: step % HOUR_MS !== 0 });
  // The top keys by count; rows of other keys are left out of the split.
  const keyOf = by === 'none' ? () => '' : KEY_OF[by];
  const keys = by === 'none' ? [''] : [...groupRows(rows, keyOf)].sort((a, b) => b[1].n - a[1].n).slice(0, TOP_KEYS).map(([k]) => k);
  const wanted = new Set(keys);
  const cells = groupRows(rows.filter((r) => wanted.has(keyOf(r))), (r) => `${keyOf(r)}\u0000${Math.floor((Math.max(r.t, start) - start) / step)}`);
  const series = keys.flatMap((key) => metrics.map((metric) => ({
    key: by === 'none' && metrics.length > 1 ? metric : key,
    metric,
    values: buckets.map((_, i) => metricOf(cells.get(`${key}\u0000${i}`), metric, step / MINUTE_MS, s.thresholdMs)),
  })));
  return { step_ms: step, buckets, series };
}

export async function distribution(perf: Perf, user: User, params: PerfParams) {
  const s = await perf.scope(user, params);
  const acc = accOf(await perf.rows(s, s.range));
  const sorted = sortedBuckets(acc.sketch);
  const per = Math.max(1, Math.ceil(sorted.length / MAX_BARS));
  const buckets: Array<{ lower_ms: number; upper_ms: number; count: number }> = [];
  for (let i = 0; i < sorted.length; i += per) {
    const chunk = sorted.slice(i, i + per);
    buckets.push({
      lower_ms: round(bucketBounds(chunk[0]![0])[0]),
      upper_ms: round(bucketBounds(chunk[chunk.length - 1]![0])[1]),
      count: chunk.reduce((n, [, c]) => n + c, 0),
    });
  }
  const [p50, p95, p99] = acc.counts.quantiles([0.5, 0.95, 0.99]).map((v) => (v === null ? null : round(v)));
  return { buckets, p50: p50!, p95: p95!, p99: p99! };
}

/**
 * The slowest request logs: the N slowest lie in the N minutes with the highest max duration (each of them
 * makes its minute's max at least the N-th largest value), so only those minutes' logs are read and mapped again.
 */
export async function slowest(perf: Perf, user: User, params: PerfParams, limit: number): Promise<LogEntry[]> {
  const s = await perf.scope(user, params);
  const rows = await perf.rows(s, s.range, { minutesOnly: true });
  const minutes = [...new Set(rows.sort((a, b) => b.maxMs - a.maxMs).map((r) => r.t))].slice(0, limit);
  const found: Array<{ id: string; ms: number }> = [];
  for (const t of minutes) {
    const page = await perf.store.scanLogs({
      projectIds: [s.project.id], from: Math.max(t, s.range.from), to: Math.min(t + MINUTE_MS, s.range.to), limit: SCAN_PER_MINUTE,
      ...(params.service ? { services: [params.service] } : {}),
    });
    for (const log of page.rows) {
      if (params.env && log.environment !== params.env) continue;
      const facts = perfFacts(JSON.parse(log.context) as Record<string, unknown>);
      if (!facts || (params.route && facts.route !== params.route)) continue;
      if (params.method && facts.method !== params.method.toUpperCase()) continue;
      found.push({ id: log.id, ms: facts.durationMs });
    }
  }
  const top = found.sort((a, b) => b.ms - a.ms).slice(0, limit);
  const logs = await Promise.all(top.map((f) => perf.store.getLog(f.id)));
  return logs.filter((l): l is LogEntry => l !== null);
}

export interface CompareParams extends PerfParams {
  a_from?: string; a_to?: string; b_from?: string; b_to?: string; a_version?: string; b_version?: string;
}

/** Two ranges (a_from..a_to vs b_from..b_to), or two releases over from..to (a_version vs b_version). */
export async function compare(perf: Perf, user: User, params: CompareParams) {
  const s = await perf.scope(user, params);
  const now = perf.clock();
  const byVersion = params.a_version !== undefined || params.b_version !== undefined;
  const a = byVersion ? s.range : parseRange(params.a_from, params.a_to, now, ['a_from', 'a_to']);
  const b = byVersion ? s.range : parseRange(params.b_from, params.b_to, now, ['b_from', 'b_to']);
  const [ra, rb] = await Promise.all([
    perf.rows(s, a, byVersion ? { versions: [params.a_version ?? ''] } : {}),
    perf.rows(s, b, byVersion ? { versions: [params.b_version ?? ''] } : {}),
  ]);
  const key = (r: PerfRow) => `${r.service}\u0000${r.route}`;
  const ga = groupRows(ra, key), gb = groupRows(rb, key);
  const routes = [...new Set([...ga.keys(), ...gb.keys()])].map((k) => {
    const [service, route] = k.split('\u0000') as [string, string];
    const sa = ga.get(k), sb = gb.get(k);
    const x = sa ? statsOf(sa, minutesOf(a), s.thresholdMs) : null;
    const y = sb ? statsOf(sb, minutesOf(b), s.thresholdMs) : null;
    return { service, route, a: x, b: y, p95_change: x && y ? p95Change(y, x) : null };
  });
  routes.sort((x, y) => (y.p95_change ?? -Infinity) - (x.p95_change ?? -Infinity) || x.route.localeCompare(y.route));
  return { a: perf.stats(s, ra, a), b: perf.stats(s, rb, b), routes };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
