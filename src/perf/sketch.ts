/**
 * Latency sketches that merge by summing: DDSketch's logarithmic key mapping (@datadog/sketches-js) maps each
 * duration to a bucket key; a sketch is a map key -> count. Merging minutes into hours, days or any range is
 * a sum per key, the same on both stores, and a quantile read from the merged buckets is within
 * RELATIVE_ACCURACY of the exact value (DDSketch's guarantee: value(key(v)) is within α of v).
 */
import mappings from '@datadog/sketches-js/dist/ddsketch/mapping/index.js';
import { decodeSketch } from './sketch-codec.js';
import { decodeSketchArrayInto, isSketchArrayText } from './sketch-array.js';

/** α: every quantile is within 2 % of the exact value (of a value of the data set at that rank). */
export const RELATIVE_ACCURACY = 0.02;
const mapping = new mappings.LogarithmicMapping(RELATIVE_ACCURACY);
/** Durations below a microsecond all fall in one bucket that reads as 0 ms. */
export const ZERO_KEY = 'z';
const MIN_MS = 0.001;

/** Bucket key -> count; keys are decimal integers, or ZERO_KEY. */
export type Sketch = Record<string, number>;

/** A number (no string made per log on the ingest path: integer keys are also an object's fast elements). */
export function bucketKey(ms: number): number | typeof ZERO_KEY {
  return ms < MIN_MS ? ZERO_KEY : mapping.key(ms);
}

/** The representative value of a bucket (within α of every value mapped to it). */
export function bucketValue(key: string): number {
  return key === ZERO_KEY ? 0 : bucketValueOfKey(Number(key));
}

/** mapping.value per integer key, computed once: reads ask for the same few hundred keys again and again. */
const values = new Map<number, number>();
export function bucketValueOfKey(k: number): number {
  let v = values.get(k);
  if (v === undefined) values.set(k, (v = mapping.value(k)));
  return v;
}

/** The bounds of a bucket: [lower, upper) in ms. */
export function bucketBounds(key: string): [number, number] {
  if (key === ZERO_KEY) return [0, MIN_MS];
  const k = Number(key);
  // value(k) is the middle of the bucket in relative terms: lower = value·(1-α), upper = value·(1+α).
  const v = mapping.value(k);
  return [v * (1 - RELATIVE_ACCURACY), v * (1 + RELATIVE_ACCURACY)];
}

export function addTo(into: Sketch, key: string | number, n = 1): void {
  into[key] = (into[key] ?? 0) + n;
}

export function mergeInto(into: Sketch, other: Sketch): Sketch {
  for (const k in other) into[k] = (into[k] ?? 0) + other[k]!;
  return into;
}

/**
 * A stored sketch: SQLite's binary form (sketch-codec.ts), PostgreSQL's bigint[] as text (sketch-array.ts), or
 * JSON text (SQLite rows written before the binary form).
 */
export function parseSketch(text: unknown): Sketch {
  if (text instanceof Uint8Array) return decodeSketch(text);
  if (typeof text !== 'string' || !text) return {};
  if (!isSketchArrayText(text)) return JSON.parse(text) as Sketch;
  const out: Sketch = {};
  decodeSketchArrayInto(text, { addZero: (n) => { out[ZERO_KEY] = n; }, add: (k, n) => { out[k] = n; } });
  return out;
}

const numericKey = (k: string) => (k === ZERO_KEY ? -Infinity : Number(k));

/** The buckets in increasing order of value. */
export function sortedBuckets(s: Sketch): Array<[string, number]> {
  return Object.entries(s).filter(([, n]) => n > 0).sort((a, b) => numericKey(a[0]) - numericKey(b[0]));
}

/**
 * Quantiles q (0..1) of the sketch, null when it is empty. Rank as DDSketch's getValueAtQuantile:
 * the bucket holding rank q·(n-1) (zero-based) in increasing order.
 * Hot on every read (a routes table asks it for each route and sparkline cell): the keys are sorted as
 * numbers once, with no entry arrays, and all the qs are answered in one pass.
 */
export function quantiles(s: Sketch, qs: readonly number[]): Array<number | null> {
  let zero = 0, total = 0;
  const keys: number[] = [];
  for (const k in s) {
    const n = s[k]!;
    if (!(n > 0)) continue;
    total += n;
    if (k === ZERO_KEY) zero = n;
    else keys.push(Number(k));
  }
  if (total === 0) return qs.map(() => null);
  keys.sort((a, b) => a - b);
  return qs.map((q) => {
    const rank = q * (total - 1);
    let seen = zero;
    if (seen > rank) return 0;
    for (const k of keys) {
      seen += s[k]!;
      if (seen > rank) return bucketValueOfKey(k);
    }
    return keys.length ? bucketValueOfKey(keys[keys.length - 1]!) : 0;
  });
}

/** Counts of durations <= t and <= 4t (by bucket value): Apdex's satisfied and tolerating-or-better. */
export function apdexCounts(s: Sketch, t: number): { satisfied: number; tolerating: number; total: number } {
  let satisfied = 0, tolerating = 0, total = 0;
  for (const k in s) {
    const n = s[k]!;
    const v = k === ZERO_KEY ? 0 : bucketValueOfKey(Number(k));
    total += n;
    if (v <= t) satisfied += n;
    else if (v <= 4 * t) tolerating += n;
  }
  return { satisfied, tolerating, total };
}
