/**
 * `serviceHistograms` on PostgreSQL: the histogram of every service in one grouped read. Whole minutes come
 * from the per-minute rollups (`log_minutes`, one range scan of the project's minutes instead of one scan per
 * service), the partial minutes at the edges from the rows; the same split as `histogram`, so each service's
 * buckets equal what `histogram` gives for that service alone.
 */
import type { ServiceHistogram, ServiceHistogramFilter } from '../types.js';
import type { Db } from './db.js';
import { Params, buildWhere } from './filters.js';
import { minutesWhere, partitionDays } from './rollups.js';
import { MINUTE, splitRange, toServiceHistograms, type ServiceBucketCount } from '../rollup-range.js';

/** Floor division (right before 1970 too): buckets start at multiples of the interval, as in `histogram`. */
const bucketOf = (expr: string, i: string) => `(${expr} - (((${expr} % ${i}::bigint) + ${i}::bigint) % ${i}::bigint))`;

export async function serviceHistograms(db: Db, filter: ServiceHistogramFilter, intervalMs: number): Promise<ServiceHistogram[]> {
  const f = { projectIds: filter.projectIds, services: filter.services, from: filter.from, to: filter.to };
  if (!f.projectIds.length || f.to <= f.from) return [];
  const raw = async (from: number, to: number) => {
    const p = new Params();
    const where = buildWhere({ ...f, from, to }, p);
    const sql = `SELECT service, ${bucketOf('ts', p.add(intervalMs))} AS bucket, level, count(*) AS n FROM logs WHERE ${where} GROUP BY 1, 2, 3`;
    return (await db.query<ServiceBucketCount>(sql, p.values)).rows;
  };
  if (intervalMs % MINUTE !== 0) return toServiceHistograms(await raw(f.from, f.to));
  const { middle, edges } = splitRange(f.from, f.to);
  const rows: ServiceBucketCount[] = [];
  if (middle) {
    const p = new Params();
    const where = minutesWhere(f, p, middle[0], middle[1], await partitionDays(db));
    const bucket = bucketOf(`(minute * ${MINUTE})`, p.add(intervalMs));
    const sql = `SELECT service, ${bucket} AS bucket, level, sum(n) AS n FROM log_minutes WHERE ${where} GROUP BY 1, 2, 3`;
    rows.push(...(await db.query<ServiceBucketCount>(sql, p.values)).rows);
  }
  for (const [from, to] of edges) rows.push(...(await raw(from, to)));
  return toServiceHistograms(rows);
}
