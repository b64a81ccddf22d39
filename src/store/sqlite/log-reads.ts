/** Log queries on SQLite: list with keyset cursor, count, histogram, services, context, tail. */
import type Database from 'better-sqlite3';
import { LEVELS, type HistogramBucket, type LogEntry, type LogFilter, type LogPage, type LogQuery, type ServiceSummary } from '../types.js';
import { SqliteAccounts } from './accounts.js';
import { buildWhere } from './filters.js';
import { toLogEntry, type LogDbRow } from './rows.js';

export class SqliteLogReads extends SqliteAccounts {
  constructor(db: Database.Database) {
    super(db);
  }

  private watermark(): number {
    return (this.db.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'fts_indexed_upto'").get() as { v: number }).v;
  }

  async queryLogs(q: LogQuery): Promise<LogPage> {
    const where = buildWhere(q, q.text ? this.watermark() : 0);
    let sql = `SELECT l.* FROM logs l WHERE ${where.sql}`;
    const params = [...where.params];
    if (q.cursor) {
      sql += ' AND (l.ts < ? OR (l.ts = ? AND l.id < ?))';
      params.push(q.cursor.ts, q.cursor.ts, Number(q.cursor.id));
    }
    sql += ' ORDER BY l.ts DESC, l.id DESC LIMIT ?';
    params.push(q.limit);
    const rows = this.db.prepare(sql).all(...params) as LogDbRow[];
    const data = rows.map(toLogEntry);
    const last = rows[rows.length - 1];
    return { data, next: rows.length === q.limit && last ? { ts: last.ts, id: String(last.id) } : null };
  }

  async countLogs(f: LogFilter): Promise<number> {
    const where = buildWhere(f, f.text ? this.watermark() : 0);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM logs l WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async histogram(f: LogFilter & { from: number; to: number }, intervalMs: number): Promise<HistogramBucket[]> {
    const where = buildWhere(f, f.text ? this.watermark() : 0);
    const rows = this.db
      .prepare(
        `SELECT (l.ts / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS b, l.level AS level, COUNT(*) AS n FROM logs l WHERE ${where.sql}
         GROUP BY b, l.level ORDER BY b`,
      )
      .all(intervalMs, intervalMs, ...where.params) as Array<{ b: number; level: number; n: number }>;
    const buckets: HistogramBucket[] = [];
    for (const r of rows) {
      let bucket = buckets[buckets.length - 1];
      if (!bucket || bucket.ts !== r.b) buckets.push((bucket = { ts: r.b, counts: {} }));
      bucket.counts[LEVELS[r.level] ?? 'INFO'] = r.n;
    }
    return buckets;
  }

  async services(projectId: number): Promise<ServiceSummary[]> {
    // One index range scan per service instead of one GROUP BY over every row of the project.
    const names = this.db
      .prepare(
        `WITH RECURSIVE s(name) AS (
           SELECT MIN(service) FROM logs WHERE project_id = @p
           UNION ALL
           SELECT (SELECT MIN(service) FROM logs WHERE project_id = @p AND service > s.name) FROM s WHERE s.name IS NOT NULL
         ) SELECT name FROM s WHERE name IS NOT NULL`,
      )
      .all({ p: projectId }) as Array<{ name: string }>;
    const stats = this.db.prepare('SELECT COUNT(*) AS n, MAX(ts) AS last FROM logs WHERE project_id = ? AND service = ?');
    return names.map(({ name }) => {
      const r = stats.get(projectId, name) as { n: number; last: number | null };
      return { service: name, count: r.n, lastSeenAt: r.last };
    });
  }

  async getLog(id: string): Promise<LogEntry | null> {
    if (!/^\d{1,19}$/.test(id)) return null;
    const row = this.db.prepare('SELECT * FROM logs WHERE id = ?').get(Number(id)) as LogDbRow | undefined;
    return row ? toLogEntry(row) : null;
  }

  async logContext(e: LogEntry, before: number, after: number): Promise<{ before: LogEntry[]; after: LogEntry[] }> {
    const ts = Date.parse(e.timestamp);
    const id = Number(e.id);
    const older = this.db
      .prepare(
        `SELECT * FROM logs WHERE project_id = ? AND service = ? AND (ts < ? OR (ts = ? AND id < ?))
         ORDER BY ts DESC, id DESC LIMIT ?`,
      )
      .all(e.projectId, e.service, ts, ts, id, before) as LogDbRow[];
    const newer = this.db
      .prepare(
        `SELECT * FROM logs WHERE project_id = ? AND service = ? AND (ts > ? OR (ts = ? AND id > ?))
         ORDER BY ts ASC, id ASC LIMIT ?`,
      )
      .all(e.projectId, e.service, ts, ts, id, after) as LogDbRow[];
    return { before: older.reverse().map(toLogEntry), after: newer.map(toLogEntry) };
  }

  async logsAfter(afterId: string, f: LogFilter, limit: number): Promise<LogEntry[]> {
    // The tail is new rows only, so a scan by id is cheap; text is matched without FTS, which lags behind.
    const where = buildWhere({ ...f, text: undefined }, 0);
    const text = f.text ? ' AND devsmith_text_match(l.message, ?)' : '';
    const rows = this.db
      .prepare(`SELECT l.* FROM logs l WHERE l.id > ? AND ${where.sql}${text} ORDER BY l.id LIMIT ?`)
      .all(Number(afterId), ...where.params, ...(f.text ? [f.text] : []), limit) as LogDbRow[];
    return rows.map(toLogEntry);
  }

  async maxLogId(): Promise<string> {
    return String((this.db.prepare('SELECT COALESCE(MAX(id), 0) AS v FROM logs').get() as { v: number }).v);
  }

  async getIdempotencyRecord(projectId: number, key: string): Promise<{ status: number; body: string } | null> {
    const row = this.db.prepare('SELECT status, body FROM idempotency WHERE project_id = ? AND key = ?').get(projectId, key);
    return (row as { status: number; body: string } | undefined) ?? null;
  }

  async pruneIdempotency(olderThan: number): Promise<number> {
    return this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(olderThan).changes;
  }
}
