/** Archive records and the restore of archived logs on PostgreSQL (archive-types.ts). */
import { ARCHIVE_COLUMNS, archiveValues, toArchiveRecord, type ArchiveDbRow } from '../archive-rows.js';
import { RestoreConflictError, type ArchiveStore, type RestoredLog, type RestoreResult } from '../archive-types.js';
import { LEVELS, type LogRow } from '../types.js';
import type pg from 'pg';
import type { Db } from './db.js';
import type { PartitionManager } from './partitions.js';
import { minuteCounts, upsertMinutesSql } from './rollups.js';
import { blockRowsFrom } from './log-blocks.js';

/** Arbitrary constant: restores take turns, so two of the same day cannot both find an id missing. */
const RESTORE_LOCK = 0x64657672; // "devr"

const UNNEST = `unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[], $5::smallint[], $6::text[], $7::text[], $8::jsonb[],
  $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
  AS x(id, project_id, ts, received_at, level, service, message, context, environment, version, host, trace_id, span_id, fingerprint)`;

function columns(logs: RestoredLog[]): unknown[][] {
  const pick = <T>(f: (l: RestoredLog) => T) => logs.map(f);
  return [
    pick((l) => l.id), pick((l) => l.projectId), pick((l) => l.ts), pick((l) => l.receivedAt), pick((l) => LEVELS.indexOf(l.level)),
    pick((l) => l.service), pick((l) => l.message), pick((l) => l.context), pick((l) => l.environment), pick((l) => l.version),
    pick((l) => l.host), pick((l) => l.traceId), pick((l) => l.spanId), pick((l) => l.fingerprint),
  ];
}

export function archiveMethods(db: Db, partitions: PartitionManager, committed: (days: Set<number>) => void): ArchiveStore {
  return {
    async saveArchive(a) {
      const values = archiveValues(a);
      const sets = ARCHIVE_COLUMNS.split(', ').slice(2).map((c) => `${c} = excluded.${c}`).join(', ');
      await db.query(
        `INSERT INTO archives (${ARCHIVE_COLUMNS}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (project_id, day) DO UPDATE SET ${sets}`,
        values,
      );
    },
    async getArchive(projectId, day) {
      const { rows } = await db.query<ArchiveDbRow>('SELECT * FROM archives WHERE project_id = $1 AND day = $2', [projectId, day]);
      return rows[0] ? toArchiveRecord(rows[0]) : null;
    },
    async listArchives(projectId) {
      const { rows } = await db.query<ArchiveDbRow>('SELECT * FROM archives WHERE project_id = $1 ORDER BY day DESC', [projectId]);
      return rows.map(toArchiveRecord);
    },
    async archivesInState(states) {
      const { rows } = await db.query<ArchiveDbRow>(
        'SELECT * FROM archives WHERE status = ANY($1::text[]) ORDER BY requested_at, project_id, day',
        [states],
      );
      return rows.map(toArchiveRecord);
    },
    async restoreLogs(logs): Promise<RestoreResult> {
      if (!logs.length) return { inserted: 0, present: 0 };
      for (let attempt = 0; ; attempt++) {
        const days = await partitions.ensureFor(logs.map((l) => l.ts));
        try {
          const result = await db.tx((c) => restoreChunk(c, logs));
          committed(days);
          return result;
        } catch (err) {
          // 23514: a partition known to the cache was dropped meanwhile (retention, maybe on another instance).
          if ((err as { code?: string }).code !== '23514' || attempt > 0) throw err;
          partitions.forget();
        }
      }
    },
  };
}

async function restoreChunk(c: pg.PoolClient, logs: RestoredLog[]): Promise<RestoreResult> {
  await c.query('SELECT pg_advisory_xact_lock($1)', [RESTORE_LOCK]);
  const cols = columns(logs);
  const given = 'unnest($1::bigint[], $2::int[], $3::bigint[]) AS x(id, project_id, ts)';
  const clash = await c.query(
    `(SELECT l.id FROM logs l JOIN ${given} ON l.id = x.id WHERE l.project_id <> x.project_id OR l.ts <> x.ts LIMIT 1)
     UNION ALL (SELECT l.id FROM ${given} JOIN ${blockRowsFrom(['id', 'ts'])} ON b.min_id <= x.id AND b.max_id >= x.id AND l.id = x.id
       WHERE b.project_id <> x.project_id OR l.ts <> x.ts LIMIT 1)`,
    cols.slice(0, 3),
  );
  if (clash.rows[0]) throw new RestoreConflictError(String(clash.rows[0].id));
  // An identity column takes given ids only when told: OVERRIDING SYSTEM VALUE.
  const { rows } = await c.query(
    `INSERT INTO logs (id, project_id, ts, received_at, level, service, message, context, environment, version, host, trace_id, span_id, fingerprint)
     OVERRIDING SYSTEM VALUE SELECT x.* FROM ${UNNEST}
     WHERE NOT EXISTS (SELECT 1 FROM logs l WHERE l.id = x.id AND l.ts = x.ts)
       AND NOT EXISTS (SELECT 1 FROM ${blockRowsFrom(['id'])} WHERE b.min_id <= x.id AND b.max_id >= x.id AND l.id = x.id)
     RETURNING id, project_id, ts, level, service`,
    cols,
  );
  const counted = rows.map((r) => ({ projectId: r.project_id, ts: Number(r.ts), level: LEVELS[r.level], service: r.service }) as LogRow);
  if (counted.length) await c.query(upsertMinutesSql(1), minuteCounts(counted));
  // Rows restored into a closed day are rows again: the next closed-day pass moves them into blocks too (closed-days.ts).
  if (counted.length) await c.query('DELETE FROM log_day_compactions WHERE day = ANY($1::bigint[])', [[...new Set(counted.map((r) => Math.floor(r.ts / 86_400_000)))]]);
  await raiseIdSequence(c, rows.reduce((m: bigint, r) => (BigInt(r.id) > m ? BigInt(r.id) : m), 0n));
  return { inserted: rows.length, present: logs.length - rows.length };
}

/**
 * Restoring into a store that never held these ids (another instance, a rebuilt database) must not leave the
 * identity sequence behind them: new logs would get the same ids. The sequence is only ever raised.
 */
async function raiseIdSequence(c: pg.PoolClient, maxId: bigint): Promise<void> {
  if (maxId === 0n) return;
  const { rows } = await c.query<{ seq: string }>("SELECT pg_get_serial_sequence('logs', 'id') AS seq");
  const seq = rows[0]?.seq;
  if (!seq) return;
  // `seq` is the catalog's own quoted, qualified name.
  const { rows: cur } = await c.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${seq}`);
  const last = BigInt(cur[0]!.last_value);
  if (maxId > last || (maxId === last && !cur[0]!.is_called)) await c.query('SELECT setval($1::regclass, $2::bigint)', [seq, maxId.toString()]);
}
