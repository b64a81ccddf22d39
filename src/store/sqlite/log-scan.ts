/** The export's bulk read on SQLite: a page as arrays (better-sqlite3's raw mode), made into StoredLogs. */
import type Database from 'better-sqlite3';
import { LEVELS, type LogQuery, type StoredLog } from '../types.js';
import { buildWhere } from './filters.js';
import { LOG_COLUMNS, type LogDbRow } from './rows.js';

/** A row of LOG_COLUMNS as an array (the fingerprint, last, is not exported). */
type Tuple = [number | bigint, number, number, number, number, string, string, string, string | null, string | null, string | null, string | null, string | null, string | null];

/**
 * After a keyset cursor, newest first. `ts <= ?` is stated apart from the tie-break on id: with only
 * `(ts < ? OR (ts = ? AND id < ?))` SQLite walks the time index from the newest row to the cursor on every page.
 */
export const AFTER_CURSOR = ' AND l.ts <= ? AND (l.ts < ? OR l.id < ?)';

/** A page without free text (the caller sends text through the FTS paths). */
export function scanNewest(db: Database.Database, q: LogQuery): StoredLog[] {
  const where = buildWhere(q, 0);
  let sql = `SELECT ${LOG_COLUMNS} FROM logs l WHERE ${where.sql}`;
  const params = [...where.params];
  if (q.cursor) {
    sql += AFTER_CURSOR;
    params.push(q.cursor.ts, q.cursor.ts, Number(q.cursor.id));
  }
  sql += ' ORDER BY l.ts DESC, l.id DESC LIMIT ?';
  params.push(q.limit);
  // Arrays, not objects: better-sqlite3 builds a row object property by property, three times slower.
  const rows = db.prepare(sql).raw().all(...params) as Tuple[];
  const out = new Array<StoredLog>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = {
      id: String(r[0]),
      projectId: r[1],
      ts: r[2],
      receivedAt: r[3],
      level: LEVELS[r[4]] ?? 'INFO',
      service: r[5],
      message: r[6],
      context: r[7],
      environment: r[8],
      version: r[9],
      host: r[10],
      traceId: r[11],
      spanId: r[12],
    };
  }
  return out;
}

export function storedLog(r: LogDbRow): StoredLog {
  return {
    id: String(r.id),
    projectId: r.project_id,
    ts: r.ts,
    receivedAt: r.received_at,
    level: LEVELS[r.level] ?? 'INFO',
    service: r.service,
    message: r.message,
    context: r.context,
    environment: r.environment,
    version: r.version,
    host: r.host,
    traceId: r.trace_id,
    spanId: r.span_id,
  };
}
