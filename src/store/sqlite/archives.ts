/** Archive records and the restore of archived logs on SQLite (archive-types.ts). */
import type Database from 'better-sqlite3';
import { RestoreConflictError, type ArchiveRecord, type ArchiveStatus, type RestoredLog, type RestoreResult } from '../archive-types.js';
import { ARCHIVE_COLUMNS, archiveValues, toArchiveRecord, type ArchiveDbRow } from '../archive-rows.js';
import { LEVELS } from '../types.js';

export function saveArchive(db: Database.Database, a: ArchiveRecord): void {
  db.prepare(`INSERT OR REPLACE INTO archives (${ARCHIVE_COLUMNS}) VALUES (${Array(12).fill('?').join(', ')})`).run(...archiveValues(a));
}

export function getArchive(db: Database.Database, projectId: number, day: string): ArchiveRecord | null {
  const r = db.prepare('SELECT * FROM archives WHERE project_id = ? AND day = ?').get(projectId, day) as ArchiveDbRow | undefined;
  return r ? toArchiveRecord(r) : null;
}

export function listArchives(db: Database.Database, projectId: number): ArchiveRecord[] {
  return (db.prepare('SELECT * FROM archives WHERE project_id = ? ORDER BY day DESC').all(projectId) as ArchiveDbRow[]).map(toArchiveRecord);
}

export function archivesInState(db: Database.Database, states: ArchiveStatus[]): ArchiveRecord[] {
  if (!states.length) return [];
  const sql = `SELECT * FROM archives WHERE status IN (${states.map(() => '?').join(',')}) ORDER BY requested_at, project_id, day`;
  return (db.prepare(sql).all(...states) as ArchiveDbRow[]).map(toArchiveRecord);
}

const minuteOf = (ts: number) => Math.floor(ts / 60_000);

/**
 * One immediate transaction: the rows with their ids (INSERT OR IGNORE: an id already there is skipped, after
 * checking it is the same log), their per-minute counts, and their FTS entries when the background indexer has
 * already passed their ids (it indexes only ids above its watermark, so it would never see them).
 */
export function restoreLogs(db: Database.Database, logs: RestoredLog[]): RestoreResult {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO logs (id, project_id, ts, received_at, level, service, message, context, environment, version, host, trace_id, span_id, fingerprint)
     VALUES (?, ?, ?, ?, ?, ?, ?, jsonb(?), ?, ?, ?, ?, ?, ?)`,
  );
  const existing = db.prepare('SELECT project_id, ts FROM logs WHERE id = ?');
  const fts = db.prepare('INSERT INTO logs_fts (rowid, message) VALUES (?, ?)');
  const upsert = db.prepare(
    `INSERT INTO log_minutes (project_id, minute, service, level, n, last_ts) VALUES (?, ?, ?, ?, 1, ?)
     ON CONFLICT (project_id, minute, service, level) DO UPDATE SET n = n + 1, last_ts = max(last_ts, excluded.last_ts)`,
  );
  const tx = db.transaction((): RestoreResult => {
    const watermark = Number((db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").get() as { value: string }).value);
    let inserted = 0;
    let lowest: bigint | null = null;
    for (const l of logs) {
      const id = BigInt(l.id);
      const level = LEVELS.indexOf(l.level);
      const r = insert.run(id, l.projectId, l.ts, l.receivedAt, level, l.service, l.message, l.context, l.environment, l.version, l.host, l.traceId, l.spanId, l.fingerprint);
      if (r.changes === 0) {
        const there = existing.get(id) as { project_id: number; ts: number };
        if (there.project_id !== l.projectId || there.ts !== l.ts) throw new RestoreConflictError(l.id);
        continue;
      }
      inserted++;
      if (lowest === null || id < lowest) lowest = id;
      if (id <= BigInt(watermark)) fts.run(id, l.message);
      upsert.run(l.projectId, minuteOf(l.ts), l.service, level, l.ts);
    }
    // Restored logs keep their ids, below where the writer's compactor has gone: it starts again from them
    // (cold-writer.ts; the logs already cold on the way are only looked at).
    if (lowest !== null) db.prepare("UPDATE meta SET value = ? WHERE key = 'cold_upto' AND CAST(value AS INTEGER) >= ?").run(String(lowest - 1n), lowest);
    return { inserted, present: logs.length - inserted };
  });
  return tx.immediate();
}
