/**
 * `serviceHistograms` on SQLite: the histogram of every service over several ranges in one grouped statement
 * (the UNION ALL of one part per range). Whole minutes come from the per-minute rollups (`log_minutes`: one
 * range scan of the project's minutes per range, instead of one scan per service), the partial minutes at the
 * edges from the rows: the same split as `histogram`, so each service's buckets equal what `histogram` gives.
 */
import type Database from 'better-sqlite3';
import type { ServiceHistogram, ServiceHistogramFilter } from '../types.js';
import { buildWhere } from './filters.js';
import { rollupWhere } from './rollups.js';
import { MINUTE, mergeRanges, splitRanges, toServiceHistograms, type ServiceBucketCount } from '../rollup-range.js';

type Part = { sql: string; params: unknown[] };

/** Parts select (service, ts, level, n); buckets as `histogram` cuts them (integer division). */
function grouped(db: Database.Database, parts: Part[], intervalMs: number): ServiceBucketCount[] {
  if (!parts.length) return [];
  return db
    .prepare(
      `SELECT service, (ts / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket, level, SUM(n) AS n
       FROM (${parts.map((p) => p.sql).join(' UNION ALL ')}) GROUP BY service, bucket, level`,
    )
    // The bucket's parameters come first: the outer SELECT list precedes the parts.
    .all(intervalMs, intervalMs, ...parts.flatMap((p) => p.params)) as ServiceBucketCount[];
}

function rowParts(f: ServiceHistogramFilter, ranges: Array<[number, number]>): Part[] {
  return ranges.map(([from, to]) => {
    const w = buildWhere({ projectIds: f.projectIds, services: f.services, from, to }, 0);
    return { sql: `SELECT l.service AS service, l.ts AS ts, l.level AS level, 1 AS n FROM logs l WHERE ${w.sql}`, params: w.params };
  });
}

function rollupParts(f: ServiceHistogramFilter, ranges: Array<[number, number]>): Part[] {
  return ranges.map(([from, to]) => {
    const w = rollupWhere({ projectIds: f.projectIds, services: f.services }, from / MINUTE, to / MINUTE);
    return { sql: `SELECT service, minute * ${MINUTE} AS ts, level, n FROM log_minutes WHERE ${w.sql}`, params: w.params };
  });
}

export function serviceHistograms(db: Database.Database, f: ServiceHistogramFilter, intervalMs: number): ServiceHistogram[] {
  const ranges = mergeRanges(f.ranges);
  if (!f.projectIds.length || !ranges.length) return [];
  // As in `histogram`: rollup buckets agree with row buckets for whole minutes at or after 1970.
  if (intervalMs % MINUTE !== 0 || ranges[0]![0] < 0) return toServiceHistograms(grouped(db, rowParts(f, ranges), intervalMs));
  const { middles, edges } = splitRanges(ranges);
  return toServiceHistograms(grouped(db, [...rollupParts(f, middles), ...rowParts(f, edges)], intervalMs));
}
