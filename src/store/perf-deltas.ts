/**
 * The performance deltas of one commit (src/perf), aggregated in memory per (project, minute, series) before
 * a store touches a row, and sorted by key so that concurrent commits upsert shared rows in the same order.
 * A log counts as an error when its status is >= 500 or its level is ERROR or above.
 */
import type { LogRow } from './types.js';
import type { PerfDelta } from './perf-types.js';
import { addTo, bucketKey, mergeInto } from '../perf/sketch.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

const keyOf = (d: PerfDelta) =>
  `${d.projectId}\u0000${d.minute}\u0000${d.service}\u0000${d.kind}\u0000${d.route}\u0000${d.method}\u0000${d.version}\u0000${d.environment}`;

/** Sorted by key, each key built once (not twice per comparison). */
function sortByKey(deltas: PerfDelta[]): PerfDelta[] {
  if (deltas.length < 2) return deltas;
  const keyed = deltas.map((d) => [keyOf(d), d] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, d]) => d);
}

/** Nested maps down to the delta: lookups by strings that already exist (their hash is cached), no key to build per row. */
type Level = Map<unknown, unknown>;

function slot(root: Level, keys: readonly unknown[]): Level {
  let m = root;
  for (const k of keys) {
    let next = m.get(k) as Level | undefined;
    if (!next) m.set(k, (next = new Map()));
    m = next;
  }
  return m;
}

export function perfDeltas(rows: readonly LogRow[]): PerfDelta[] {
  let root: Level | null = null;
  const out: PerfDelta[] = [];
  // Rows of a batch share project, minute, service, version and environment: their level is looked up once
  // per run of equal values, and each row only walks route -> method -> kind (no key array per row).
  let prefix: Level | null = null;
  let pProject = NaN, pMinute = NaN, pService = '', pVersion = '', pEnvironment = '';
  for (const r of rows) {
    const p = r.perf;
    if (!p) continue;
    root ??= new Map();
    const minute = Math.floor(r.ts / MINUTE_MS);
    const method = p.method ?? '', version = r.version ?? '', environment = r.environment ?? '';
    if (prefix === null || r.projectId !== pProject || minute !== pMinute || r.service !== pService || version !== pVersion || environment !== pEnvironment) {
      prefix = slot(root, [r.projectId, minute, r.service, version, environment]);
      pProject = r.projectId, pMinute = minute, pService = r.service, pVersion = version, pEnvironment = environment;
    }
    let byRoute = prefix.get(p.route) as Level | undefined;
    if (!byRoute) prefix.set(p.route, (byRoute = new Map()));
    let leaf = byRoute.get(method) as Level | undefined;
    if (!leaf) byRoute.set(method, (leaf = new Map()));
    let d = leaf.get(p.kind) as PerfDelta | undefined;
    if (!d) {
      d = { projectId: r.projectId, minute, service: r.service, kind: p.kind, route: p.route, method, version, environment, n: 0, errors: 0, sumMs: 0, maxMs: 0, sketch: {} };
      leaf.set(p.kind, d);
      out.push(d);
    }
    d.n++;
    if ((p.status !== null && p.status >= 500) || r.level === 'ERROR' || r.level === 'FATAL') d.errors++;
    d.sumMs += p.durationMs;
    if (p.durationMs > d.maxMs) d.maxMs = p.durationMs;
    addTo(d.sketch, bucketKey(p.durationMs));
  }
  return sortByKey(out);
}

/** Folds the deltas of several batches (those that committed) into one sorted list. */
export function mergePerfDeltas(lists: PerfDelta[][]): PerfDelta[] {
  const nonEmpty = lists.filter((l) => l.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const out = new Map<string, PerfDelta>();
  for (const d of nonEmpty.flat()) {
    const key = keyOf(d);
    const a = out.get(key);
    if (!a) out.set(key, { ...d, sketch: { ...d.sketch } });
    else {
      a.n += d.n;
      a.errors += d.errors;
      a.sumMs += d.sumMs;
      a.maxMs = Math.max(a.maxMs, d.maxMs);
      mergeInto(a.sketch, d.sketch);
    }
  }
  return sortByKey([...out.values()]);
}

/** The deltas summed per hour (minute set to the hour's first minute), in key order. */
export function toHours(deltas: PerfDelta[]): PerfDelta[] {
  const out = new Map<string, PerfDelta>();
  for (const d of deltas) {
    const minute = Math.floor(d.minute / 60) * 60;
    const key = `${d.projectId}\u0000${minute}\u0000${d.service}\u0000${d.kind}\u0000${d.route}\u0000${d.method}\u0000${d.version}\u0000${d.environment}`;
    const a = out.get(key);
    if (!a) out.set(key, { ...d, minute, sketch: { ...d.sketch } });
    else {
      a.n += d.n;
      a.errors += d.errors;
      a.sumMs += d.sumMs;
      a.maxMs = Math.max(a.maxMs, d.maxMs);
      mergeInto(a.sketch, d.sketch);
    }
  }
  return sortByKey([...out.values()]);
}
