/**
 * Backend-independent pieces of the per-minute rollups (`log_minutes`) that both stores keep beside the rows:
 * when they can answer a filter, how a range splits into whole minutes and partial edges, and how per-bucket
 * counts merge into histogram buckets.
 */
import { LEVELS, type HistogramBucket, type LogFilter, type ServiceHistogram } from './types.js';

export const MINUTE = 60_000;

/** A count per (bucket start, level), as both stores' histogram queries return it. */
export interface BucketCount {
  bucket: unknown; // a number, or a bigint/string from PostgreSQL
  level: number;
  n: unknown;
}

/** Rollups answer only filters on projects, services, levels and time: not a query nor context. */
export function rollupsApply(f: LogFilter): boolean {
  return (!f.query || f.query.type === 'all') && !Object.keys(f.context ?? {}).length;
}

/** Splits [from, to) into whole minutes (from rollups) and the partial edges (from rows). */
export function splitRange(from: number, to: number): { middle: [number, number] | null; edges: Array<[number, number]> } {
  const a = Math.ceil(from / MINUTE) * MINUTE;
  const b = Math.floor(to / MINUTE) * MINUTE;
  if (a >= b) return { middle: null, edges: [[from, to]] };
  const edges: Array<[number, number]> = [];
  if (from < a) edges.push([from, a]);
  if (b < to) edges.push([b, to]);
  return { middle: [a, b], edges };
}

/**
 * Merges per-(bucket, level) counts from several sources into histogram buckets, oldest first; each bucket's
 * levels in severity order, whatever order the query returned its groups in.
 */
export function toBuckets(rows: BucketCount[]): HistogramBucket[] {
  const byTs = new Map<number, HistogramBucket>();
  for (const r of [...rows].sort((x, y) => x.level - y.level)) {
    const ts = Number(r.bucket);
    let b = byTs.get(ts);
    if (!b) byTs.set(ts, (b = { ts, counts: {} }));
    const level = LEVELS[r.level] ?? 'INFO';
    b.counts[level] = (b.counts[level] ?? 0) + Number(r.n);
  }
  return [...byTs.values()].sort((x, y) => x.ts - y.ts);
}

/** A count per (service, bucket start, level): the grouped reads of `serviceHistograms`. */
export interface ServiceBucketCount extends BucketCount {
  service: string;
}

/** Groups per-(service, bucket, level) counts into one histogram per service, by service (binary order). */
export function toServiceHistograms(rows: ServiceBucketCount[]): ServiceHistogram[] {
  const byService = new Map<string, BucketCount[]>();
  for (const r of rows) {
    let list = byService.get(r.service);
    if (!list) byService.set(r.service, (list = []));
    list.push(r);
  }
  return [...byService.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((service) => ({ service, buckets: toBuckets(byService.get(service)!) }));
}

/** Sorted, with overlapping or touching ranges merged: rows in several ranges are read once. */
export function mergeRanges(ranges: Array<{ from: number; to: number }>): Array<[number, number]> {
  const sorted = ranges.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last[1]) last[1] = Math.max(last[1], r.to);
    else out.push([r.from, r.to]);
  }
  return out;
}

/** Each range split as by `splitRange`: the whole-minute middles and the partial edges of all of them. */
export function splitRanges(ranges: Array<[number, number]>): { middles: Array<[number, number]>; edges: Array<[number, number]> } {
  const middles: Array<[number, number]> = [];
  const edges: Array<[number, number]> = [];
  for (const [from, to] of ranges) {
    const split = splitRange(from, to);
    if (split.middle) middles.push(split.middle);
    edges.push(...split.edges);
  }
  return { middles, edges };
}
