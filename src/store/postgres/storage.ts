/**
 * Storage per project on PostgreSQL (storage-types.ts): the day partitions of `logs` with their TOAST and
 * indexes (the text index is a GIN index on each partition), and the blocks of days that are over
 * (log-blocks.ts), measured with pg_total_relation_size, which
 * reads file sizes and no rows. Counts come from the per-minute rollups of the days whose partition exists,
 * as the project stats do (projects.ts).
 */
import type { Store } from '../types.js';
import { MeasureCache, storageReport, type LogObjectsMeasure } from '../storage-share.js';
import type { Db } from './db.js';
import { DAY_OF_MINUTE, partitionDays } from './rollups.js';

async function measureLogObjects(db: Db): Promise<LogObjectsMeasure> {
  const days = await partitionDays(db);
  const [size, indexes, total] = await Promise.all([
    db.query<{ bytes: string }>(
      `SELECT (SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'logs'::regclass)
         + pg_total_relation_size('log_blocks') AS bytes`,
    ),
    db.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'logs'::regclass ORDER BY 1",
    ),
    db.query<{ n: string }>(`SELECT coalesce(sum(n), 0)::bigint AS n FROM log_minutes WHERE ${DAY_OF_MINUTE('minute')} = ANY($1::bigint[])`, [days]),
  ]);
  return {
    measuredAt: Date.now(),
    covers: ['logs (day partitions, with TOAST)', ...indexes.rows.map((r) => r.name), 'log_blocks (days over, with TOAST and indexes)'],
    totalBytes: Number(size.rows[0]?.bytes ?? 0),
    totalLogs: Number(total.rows[0]?.n ?? 0),
  };
}

async function storedLogsByProject(db: Db, projectIds: number[]): Promise<Map<number, number>> {
  const { rows } = await db.query<{ project_id: number; n: string }>(
    `SELECT project_id, sum(n)::bigint AS n FROM log_minutes
     WHERE project_id = ANY($1::int[]) AND ${DAY_OF_MINUTE('minute')} = ANY($2::bigint[]) GROUP BY 1`,
    [projectIds, await partitionDays(db)],
  );
  return new Map(rows.map((r) => [r.project_id, Number(r.n)]));
}

export function storageMethods(db: Db): Pick<Store, 'projectStorage'> {
  const cache = new MeasureCache(() => measureLogObjects(db));
  return {
    projectStorage: (projectIds, maxAgeMs) => storageReport(cache, maxAgeMs, projectIds, (ids) => storedLogsByProject(db, ids)),
  };
}
