/**
 * `serviceHistograms` on SQLite: the histogram of every service in one grouped read. Whole minutes come from
 * the per-minute rollups (`log_minutes`, one range scan of the project's minutes instead of one scan per
 * service), the partial minutes at the edges from the rows; the same split as `histogram`, so each service's
 * buckets equal what `histogram` gives for that service alone.
 */
import type Database from 'better-sqlite3';
import type { ServiceHistogram, ServiceHistogramFilter } from '../types.js';
import { buildWhere, type Where } from './filters.js';
import { rollupWhere } from './rollups.js';
import { MINUTE, splitRange, toServiceHistograms, type ServiceBucketCount } from '../rollup-range.js';

function rawCounts(db: Database.Database, where: Where, intervalMs: number): ServiceBucketCount[] {
  return db
    .prepare(
      `SELECT l.service AS service, (l.ts / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket, l.level AS level, COUNT(*) AS n
       FROM logs l WHERE ${where.sql} GROUP BY l.service, bucket, l.level`,
    )
    .all(intervalMs, intervalMs, ...where.params) as ServiceBucketCount[];
}

function rollupCounts(db: Database.Database, f: ServiceHistogramFilter, from: number, to: number, intervalMs: number): ServiceBucketCount[] {
  const w = rollupWhere(f, from / MINUTE, to / MINUTE);
  return db
    .prepare(
      `SELECT service, ((minute * ${MINUTE}) / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket, level, SUM(n) AS n
       FROM log_minutes WHERE ${w.sql} GROUP BY service, bucket, level`,
    )
    .all(intervalMs, intervalMs, ...w.params) as ServiceBucketCount[];
}

export function serviceHistograms(db: Database.Database, filter: ServiceHistogramFilter, intervalMs: number): ServiceHistogram[] {
  const f = { projectIds: filter.projectIds, services: filter.services, from: filter.from, to: filter.to };
  if (!f.projectIds.length || f.to <= f.from) return [];
  // As in `histogram`: rollup buckets agree with row buckets for whole minutes at or after 1970.
  if (intervalMs % MINUTE !== 0 || f.from < 0) return toServiceHistograms(rawCounts(db, buildWhere(f, 0), intervalMs));
  const { middle, edges } = splitRange(f.from, f.to);
  const rows = middle ? rollupCounts(db, f, middle[0], middle[1], intervalMs) : [];
  for (const [from, to] of edges) rows.push(...rawCounts(db, buildWhere({ ...f, from, to }, 0), intervalMs));
  return toServiceHistograms(rows);
}
