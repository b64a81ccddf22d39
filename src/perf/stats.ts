/**
 * Rows of the aggregates (minutes or hours) summed into Stats: the numbers every /api/perf answer is made of.
 * Quantiles and Apdex come from the merged sketch (src/perf/sketch.ts), so they are exact to its accuracy.
 */
import type { PerfRow } from '../store/perf-types.js';
import { Counts } from './counts.js';
import type { Sketch } from './sketch.js';

export const DEFAULT_APDEX_MS = 500;
/** "Got slower": p95 rose by more than this ratio vs the previous range... */
export const SLOWER_THRESHOLD = 0.2;
/** ...with at least this many requests in both ranges (a handful of requests is noise, not a regression). */
export const SLOWER_MIN_COUNT = 5;

/** Rows summed: counts exact, latency buckets summed per key in a dense array (./counts.ts). */
export class Acc {
  n = 0;
  errors = 0;
  sumMs = 0;
  readonly counts = new Counts();

  /** The summed buckets as a sketch (key -> count), made on demand. */
  get sketch(): Sketch {
    return this.counts.toSketch();
  }
}

export interface Stats {
  count: number;
  rate_per_min: number;
  errors: number;
  error_rate: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  total_ms: number;
  apdex: number | null;
}

export const emptyAcc = (): Acc => new Acc();

/** A row's stored binary sketch (SQLite) is summed as it is decoded; other rows' sketch objects key by key. */
export function addRow(acc: Acc, r: Pick<PerfRow, 'n' | 'errors' | 'sumMs' | 'sketch' | 'encoded'>): Acc {
  acc.n += r.n;
  acc.errors += r.errors;
  acc.sumMs += r.sumMs;
  if (r.encoded) acc.counts.addEncoded(r.encoded);
  else acc.counts.addSketch(r.sketch);
  return acc;
}

export function accOf(rows: Iterable<PerfRow>): Acc {
  const acc = emptyAcc();
  for (const r of rows) addRow(acc, r);
  return acc;
}

/** Groups rows by a key, summing each group. */
export function groupRows<K>(rows: Iterable<PerfRow>, keyOf: (r: PerfRow) => K): Map<K, Acc> {
  const out = new Map<K, Acc>();
  for (const r of rows) {
    const k = keyOf(r);
    let acc = out.get(k);
    if (!acc) out.set(k, (acc = emptyAcc()));
    addRow(acc, r);
  }
  return out;
}

const round = (v: number | null, digits = 3) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

export function apdexOf(acc: Acc, thresholdMs: number): number | null {
  const { satisfied, tolerating, total } = acc.counts.apdexCounts(thresholdMs);
  return total ? round((satisfied + tolerating / 2) / total) : null;
}

/** `minutes`: the length of the range, for the rate. */
export function statsOf(acc: Acc, minutes: number, thresholdMs: number): Stats {
  const [p50, p90, p95, p99] = acc.counts.quantiles([0.5, 0.9, 0.95, 0.99]).map((v) => round(v));
  return {
    count: acc.n,
    rate_per_min: round(minutes > 0 ? acc.n / minutes : 0)!,
    errors: acc.errors,
    error_rate: round(acc.n ? acc.errors / acc.n : 0, 4)!,
    p50: p50!, p90: p90!, p95: p95!, p99: p99!,
    total_ms: round(acc.sumMs)!,
    apdex: apdexOf(acc, thresholdMs),
  };
}

/** p95 ratio - 1 vs the previous range, null without both. */
export function p95Change(cur: Stats, prev: Stats | null): number | null {
  if (!prev || cur.p95 === null || prev.p95 === null || prev.p95 === 0) return null;
  return round(cur.p95 / prev.p95 - 1, 4);
}

export function isSlower(cur: Stats, prev: Stats | null): boolean {
  const change = p95Change(cur, prev);
  return change !== null && change > SLOWER_THRESHOLD && cur.count >= SLOWER_MIN_COUNT && prev!.count >= SLOWER_MIN_COUNT;
}
