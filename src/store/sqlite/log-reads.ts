/** Log queries on SQLite: list with keyset cursor, count, histogram, services, context, tail. */
import type Database from 'better-sqlite3';
import { isLogId, type HistogramBucket, type LogEntry, type LogFilter, type LogPage, type LogQuery, type ServiceHistogram, type ServiceHistogramFilter, type ServiceSummary, type StoredLogPage } from '../types.js';
import { SqliteAccounts } from './accounts.js';
import { buildWhere, type Where } from './filters.js';
import { MINUTE, rollupsApply, splitRange, toBuckets, type BucketCount } from '../rollup-range.js';
import { rollupCount, rollupHistogram } from './rollups.js';
import { serviceHistograms } from './service-histograms.js';
import { LOG_COLUMNS, toLogEntry, type LogDbRow } from './rows.js';
import { AFTER_CURSOR, scanNewest, storedLog } from './log-scan.js';
import { closeConnection, openConnection } from './connection.js';
import { fullQuery, hasText as hasTextTerm, liftFieldClauses } from '../query-shape.js';
import { searchNewest, textTerms, windowedTextWheres } from './text-search.js';

/** Time bounds standing for "no bound" (the range of a JavaScript Date). */
const EARLIEST = -8.64e15;
const LATEST = 8.64e15;
/** Pages of queries with text anywhere take the paths of text-search.ts. */
const hasText = (f: LogFilter) => hasTextTerm(fullQuery(f));
/** Counts of queries that AND text terms at their top level take the windowed FTS count. */
const hasTextTerms = (f: LogFilter) => textTerms(f).terms.length > 0;

export class SqliteLogReads extends SqliteAccounts {
  private scanConnection: Database.Database | null = null;

  constructor(db: Database.Database) {
    super(db);
  }

  /**
   * Bulk reads (export) go through a connection of their own with a small page cache: a million-row scan
   * through the shared one would evict the dashboard's hot pages from its 64 MiB cache, and grow the
   * process by as much.
   */
  private scanDb(): Database.Database {
    if (!this.scanConnection) {
      this.scanConnection = openConnection({ path: this.db.name }, true);
      this.scanConnection.pragma('cache_size = -4096');
    }
    return this.scanConnection;
  }

  protected closeScanDb(): void {
    if (this.scanConnection) closeConnection(this.scanConnection);
    this.scanConnection = null;
  }

  protected watermark(): number {
    return (this.db.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'fts_indexed_upto'").get() as { v: number }).v;
  }

  async queryLogs(query: LogQuery): Promise<LogPage> {
    const q = liftFieldClauses(query);
    let rows: LogDbRow[];
    if (hasText(q)) rows = searchNewest(this.db, q, this.watermark());
    else {
      const where = buildWhere(q, this.watermark());
      let sql = `SELECT ${LOG_COLUMNS} FROM logs l WHERE ${where.sql}`;
      const params = [...where.params];
      if (q.cursor) {
        sql += AFTER_CURSOR;
        params.push(q.cursor.ts, q.cursor.ts, Number(q.cursor.id));
      }
      sql += ' ORDER BY l.ts DESC, l.id DESC LIMIT ?';
      params.push(q.limit);
      rows = this.db.prepare(sql).all(...params) as LogDbRow[];
    }
    const data = rows.map(toLogEntry);
    const last = rows[rows.length - 1];
    return { data, next: rows.length === q.limit && last ? { ts: last.ts, id: String(last.id) } : null };
  }

  async scanLogs(query: LogQuery): Promise<StoredLogPage> {
    const q = liftFieldClauses(query);
    const rows = hasText(q) ? searchNewest(this.db, q, this.watermark()).map(storedLog) : scanNewest(this.scanDb(), q);
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === q.limit && last ? { ts: last.ts, id: last.id } : null };
  }

  async countLogs(filter: LogFilter): Promise<number> {
    const f = liftFieldClauses(filter);
    if (hasTextTerms(f)) {
      return windowedTextWheres(this.db, f, this.watermark()).reduce((n, where) => n + this.rawCount(where), 0);
    }
    if (!rollupsApply(f)) return this.rawCount(buildWhere(f, this.watermark()));
    const { middle, edges } = splitRange(f.from ?? EARLIEST, f.to ?? LATEST);
    let n = middle ? rollupCount(this.db, f, middle[0], middle[1]) : 0;
    for (const [from, to] of edges) n += this.rawCount(buildWhere({ ...f, from, to }, 0));
    return n;
  }

  private rawCount(where: Where): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM logs l WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async histogram(filter: LogFilter & { from: number; to: number }, intervalMs: number): Promise<HistogramBucket[]> {
    const f = liftFieldClauses(filter);
    if (hasTextTerms(f)) {
      return toBuckets(windowedTextWheres(this.db, f, this.watermark()).flatMap((where) => this.rawHistogram(where, intervalMs)));
    }
    // Rollup buckets agree with the row buckets for whole minutes at or after 1970 (integer division).
    if (!rollupsApply(f) || intervalMs % MINUTE !== 0 || f.from < 0) return toBuckets(this.rawHistogram(buildWhere(f, this.watermark()), intervalMs));
    const { middle, edges } = splitRange(f.from, f.to);
    const rows = middle ? rollupHistogram(this.db, f, middle[0], middle[1], intervalMs) : [];
    for (const [from, to] of edges) rows.push(...this.rawHistogram(buildWhere({ ...f, from, to }, 0), intervalMs));
    return toBuckets(rows);
  }

  private rawHistogram(where: Where, intervalMs: number): BucketCount[] {
    return this.db
      .prepare(
        `SELECT (l.ts / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket, l.level AS level, COUNT(*) AS n FROM logs l WHERE ${where.sql}
         GROUP BY bucket, l.level ORDER BY bucket`,
      )
      .all(intervalMs, intervalMs, ...where.params) as BucketCount[];
  }

  async serviceHistograms(filter: ServiceHistogramFilter, intervalMs: number): Promise<ServiceHistogram[]> {
    return serviceHistograms(this.db, filter, intervalMs);
  }

  async services(projectIds: number[]): Promise<ServiceSummary[]> {
    if (!projectIds.length) return [];
    const rows = this.db
      .prepare(
        `SELECT project_id, service, SUM(n) AS n, MAX(last_ts) AS last FROM log_minutes
         WHERE project_id IN (${projectIds.map(() => '?').join(',')}) GROUP BY service, project_id ORDER BY service, project_id`,
      )
      .all(...projectIds) as Array<{ project_id: number; service: string; n: number; last: number }>;
    return rows.map((r) => ({ projectId: r.project_id, service: r.service, count: r.n, lastSeenAt: r.last }));
  }

  async getLog(id: string): Promise<LogEntry | null> {
    if (!isLogId(id)) return null;
    const row = this.db.prepare(`SELECT ${LOG_COLUMNS} FROM logs l WHERE l.id = ?`).get(Number(id)) as LogDbRow | undefined;
    return row ? toLogEntry(row) : null;
  }

  async logContext(e: LogEntry, before: number, after: number): Promise<{ before: LogEntry[]; after: LogEntry[] }> {
    const ts = Date.parse(e.timestamp);
    const id = Number(e.id);
    const older = this.db
      .prepare(
        `SELECT ${LOG_COLUMNS} FROM logs l WHERE project_id = ? AND service = ? AND (ts < ? OR (ts = ? AND id < ?))
         ORDER BY ts DESC, id DESC LIMIT ?`,
      )
      .all(e.projectId, e.service, ts, ts, id, before) as LogDbRow[];
    const newer = this.db
      .prepare(
        `SELECT ${LOG_COLUMNS} FROM logs l WHERE project_id = ? AND service = ? AND (ts > ? OR (ts = ? AND id > ?))
         ORDER BY ts ASC, id ASC LIMIT ?`,
      )
      .all(e.projectId, e.service, ts, ts, id, after) as LogDbRow[];
    return { before: older.reverse().map(toLogEntry), after: newer.map(toLogEntry) };
  }

  async logsAfter(afterId: string, filter: LogFilter, limit: number): Promise<LogEntry[]> {
    const f = liftFieldClauses(filter);
    // The tail is new rows only, so a scan by id is cheap; text is matched without FTS, which lags behind.
    // NOT INDEXED: otherwise SQLite walks the project's whole time index and sorts it by id (0.4 s at 10 M).
    const where = buildWhere(f, 'js');
    const rows = this.db
      .prepare(`SELECT ${LOG_COLUMNS} FROM logs l NOT INDEXED WHERE l.id > ? AND ${where.sql} ORDER BY l.id LIMIT ?`)
      .all(Number(afterId), ...where.params, limit) as LogDbRow[];
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
