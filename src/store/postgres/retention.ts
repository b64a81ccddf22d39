/**
 * Retention on PostgreSQL. A day whose projects have all expired loses its whole partition (DROP TABLE: no
 * dead rows, no vacuum, the space back at once); a day shared with a project that keeps it longer loses that
 * project's rows in chunks of one short transaction each. Per-minute counts of a day go with its rows.
 */
import type pg from 'pg';
import type { RetentionPreview, RetentionStore, StoredDay } from '../retention-types.js';
import type { Db } from './db.js';
import { AGE_ERRORS_SQL, ageErrorsParams, forPostgres } from '../retention-errors.js';
import { mapError } from './errors.js';
import { BLOCK_SIZE_SQL, blockRowsFrom } from './log-blocks.js';
import { partitionName, type PartitionManager } from './partitions.js';
import { deletePerfDay } from './perf.js';
import { DAY_OF_MINUTE, partitionDays } from './rollups.js';

/**
 * Arbitrary constant (after MIGRATION_LOCK's "devs"): one retention run at a time across instances. Advisory
 * locks are per database; the schema's hash as the second key keeps installs in other schemas apart. The
 * move of closed days into blocks (closed-days.ts) takes it too: it never runs beside a drop of the same day.
 */
export const RETENTION_LOCK = 0x64657672; // "devr"
/**
 * A drop needs the parent table's lock for a moment; behind a long query it would queue every insert and
 * read behind itself. Past this it gives up and the day is deleted per project instead.
 */
const DROP_LOCK_TIMEOUT = '2s';

const minutesOf = (day: number) => [day * 1440, (day + 1) * 1440];

/** Brings the error data of each project in step with its day's logs being gone (retention-errors.ts). */
async function ageErrors(c: pg.ClientBase, projectIds: number[], day: number): Promise<void> {
  for (const projectId of projectIds) {
    for (const sql of AGE_ERRORS_SQL) {
      const { text, values } = forPostgres(sql, ageErrorsParams(projectId, day));
      // A group's oldest event left may be in a block.
      await c.query(text.replace('FROM logs l', `FROM (SELECT project_id, ts, fingerprint FROM logs
        UNION ALL SELECT b.project_id, l.ts, l.fingerprint FROM ${blockRowsFrom(['ts', 'fingerprint'])}) l`), values);
    }
  }
}

/**
 * Runs `fn` on one connection holding the retention lock; null, without running it, when another holds it
 * (a retention run or a closed-day move, here or on another instance).
 */
export async function withRetentionLock<T>(db: Db, fn: (c: pg.PoolClient) => Promise<T>): Promise<T | null> {
  return db.withClient(async (c) => {
    const { rows } = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok', [RETENTION_LOCK]);
    if (!rows[0]?.ok) return null;
    try {
      return await fn(c);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [RETENTION_LOCK]).catch(() => {});
    }
  });
}

type Run = (sql: string, params: unknown[]) => Promise<pg.QueryResult<{ day: string; ids: number[] }>>;

async function projectsOfDays(run: Run, beforeDay: number): Promise<Map<number, number[]>> {
  const { rows } = await run(
    `SELECT ${DAY_OF_MINUTE('minute')} AS day, array_agg(DISTINCT project_id ORDER BY project_id) AS ids
     FROM log_minutes WHERE minute < $1 GROUP BY 1`,
    [beforeDay * 1440],
  );
  return new Map(rows.map((r) => [Number(r.day), r.ids]));
}

async function deleteChunks(db: Db, projectId: number, day: number, chunkRows: number): Promise<number> {
  const table = partitionName(day);
  let deleted = 0;
  for (;;) {
    const r = await db.query(
      `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE project_id = $1 LIMIT $2))`,
      [projectId, chunkRows],
    );
    deleted += r.rowCount ?? 0;
    if ((r.rowCount ?? 0) < chunkRows) return deleted;
  }
}

export function retentionMethods(db: Db, partitions: PartitionManager): RetentionStore {
  return {
    async storedDays(beforeDay) {
      const projects = await projectsOfDays((s, p) => db.query(s, p), beforeDay);
      // Days with a partition only: counts left from a dropped day are not logs (rollups.ts).
      const days = (await partitionDays(db)).filter((d) => d < beforeDay).sort((a, b) => a - b);
      return days.map((day): StoredDay => ({ day, projectIds: projects.get(day) ?? [] }));
    },

    async deleteProjectDay(projectId, day, chunkRows) {
      const exists = (await partitionDays(db)).includes(day);
      let deleted = exists ? await deleteChunks(db, projectId, day, chunkRows) : 0;
      await db.tx(async (c) => {
        const blocks = await c.query<{ n: number }>('DELETE FROM log_blocks WHERE project_id = $1 AND day = $2 RETURNING n', [projectId, day]);
        deleted += blocks.rows.reduce((sum, r) => sum + r.n, 0);
        await c.query('DELETE FROM log_minutes WHERE project_id = $1 AND minute >= $2 AND minute < $3', [projectId, ...minutesOf(day)]);
        await deletePerfDay(c, day, projectId);
        await ageErrors(c, [projectId], day);
      });
      return deleted;
    },

    async dropDay(day, expiredProjectIds) {
      const dropped = await db.withClient(async (c) => {
        try {
          await c.query('BEGIN');
          await c.query(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`);
          // The parent first, as inserts take it: once held, no insert into the day is in flight or can start,
          // so the projects read next are all there are.
          await c.query('LOCK TABLE logs IN ACCESS EXCLUSIVE MODE');
          const present = (await projectsOfDays((s, p) => c.query(s, p), day + 1)).get(day) ?? [];
          if (present.some((p) => !expiredProjectIds.includes(p))) {
            await c.query('ROLLBACK');
            return false;
          }
          await c.query(`DROP TABLE IF EXISTS ${partitionName(day)}`);
          await c.query('DELETE FROM log_blocks WHERE day = $1', [day]);
          await c.query('DELETE FROM log_minutes WHERE minute >= $1 AND minute < $2', minutesOf(day));
          await deletePerfDay(c, day, null);
          await ageErrors(c, present, day);
          await c.query('COMMIT');
          return true;
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {});
          if ((err as { code?: string }).code === '55P03') return false; // lock_timeout: per project instead
          return mapError(err);
        }
      });
      if (dropped) partitions.forget();
      return dropped;
    },

    async reclaimSpace() {
      // Dropped partitions gave their files back; rows deleted per project are reused by autovacuum.
    },

    withRetentionLock: (fn) => withRetentionLock(db, () => fn()),

    async retentionPreview(projectId, beforeDay) {
      const oldest = await db.query<{ ts: string | null }>(
        'SELECT least((SELECT min(ts) FROM logs WHERE project_id = $1), (SELECT min(min_ts) FROM log_blocks WHERE project_id = $1)) AS ts',
        [projectId],
      );
      const existing = (await partitionDays(db)).filter((d) => d < beforeDay);
      // Each day's share of its partition's size: the project's logs over all the day's logs.
      const { rows } = await db.query<{ day: string; n: string; total: string }>(
        `SELECT ${DAY_OF_MINUTE('minute')} AS day, sum(n) FILTER (WHERE project_id = $1) AS n, sum(n) AS total
         FROM log_minutes WHERE ${DAY_OF_MINUTE('minute')} = ANY($2::bigint[]) GROUP BY 1 ORDER BY 1`,
        [projectId, existing],
      );
      const mine = rows.filter((r) => r.n !== null && Number(r.n) > 0);
      let bytes = 0;
      for (const r of mine) {
        const { rows: size } = await db.query<{ b: string }>('SELECT pg_total_relation_size(to_regclass($1)) AS b', [partitionName(Number(r.day))]);
        bytes += (Number(size[0]?.b ?? 0) * Number(r.n)) / Number(r.total);
        const { rows: blocks } = await db.query<{ b: string | null }>(
          `SELECT sum(${BLOCK_SIZE_SQL}) AS b FROM log_blocks b WHERE b.project_id = $1 AND b.day = $2`, [projectId, Number(r.day)]);
        bytes += Number(blocks[0]?.b ?? 0);
      }
      const preview: RetentionPreview = {
        oldestLog: oldest.rows[0]?.ts == null ? null : Number(oldest.rows[0].ts),
        logs: mine.reduce((sum, r) => sum + Number(r.n), 0),
        days: mine.map((r) => Number(r.day)),
        bytesEstimate: Math.round(bytes),
      };
      return preview;
    },
  };
}
