/**
 * `serviceHistograms` on PostgreSQL: the histogram of every service over several ranges in one grouped
 * statement (the UNION ALL of one part per range). Whole minutes come from the per-minute rollups
 * (`log_minutes`: one range scan of the project's minutes per range, instead of one scan per service), the
 * partial minutes at the edges from the rows: the same split as `histogram`, so each service's buckets equal
 * what `histogram` gives for that service alone.
 */
import type { ServiceHistogram, ServiceHistogramFilter } from '../types.js';
import type { Db } from './db.js';
import { Params, buildWhere } from './filters.js';
import { blockQuery } from './log-blocks.js';
import { minutesWhere, partitionDays } from './rollups.js';
import { MINUTE, mergeRanges, splitRanges, toServiceHistograms, type ServiceBucketCount } from '../rollup-range.js';

export async function serviceHistograms(db: Db, f: ServiceHistogramFilter, intervalMs: number): Promise<ServiceHistogram[]> {
  const ranges = mergeRanges(f.ranges);
  if (!f.projectIds.length || !ranges.length) return [];
  const byService = { projectIds: f.projectIds, services: f.services };
  const p = new Params();
  const i = p.add(intervalMs);
  const rowPart = ([from, to]: [number, number]) => {
    const cold = blockQuery({ ...byService, from, to }, p, ['service', 'ts', 'level']);
    return `SELECT service, ts, level, 1::bigint AS n FROM logs WHERE ${buildWhere({ ...byService, from, to }, p)}
      UNION ALL SELECT l.service, l.ts, l.level, 1::bigint FROM ${cold.from} WHERE ${cold.where}`;
  };
  let parts: string[];
  if (intervalMs % MINUTE !== 0) parts = ranges.map(rowPart);
  else {
    const { middles, edges } = splitRanges(ranges);
    const days = middles.length ? await partitionDays(db) : [];
    parts = [
      ...middles.map(([from, to]) => `SELECT service, minute * ${MINUTE} AS ts, level, n FROM log_minutes WHERE ${minutesWhere(byService, p, from, to, days)}`),
      ...edges.map(rowPart),
    ];
  }
  // Floor division (right before 1970 too): buckets start at multiples of the interval, as in `histogram`.
  const bucket = `(ts - (((ts % ${i}::bigint) + ${i}::bigint) % ${i}::bigint))`;
  const sql = `SELECT service, ${bucket} AS bucket, level, sum(n) AS n FROM (${parts.join(' UNION ALL ')}) u GROUP BY 1, 2, 3`;
  return toServiceHistograms((await db.query<ServiceBucketCount>(sql, p.values)).rows);
}
