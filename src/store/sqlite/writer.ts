/**
 * The SQLite write path, meant to run inside a worker thread (writer-worker.ts) so that inserts and
 * fsyncs never block the HTTP event loop: parsing runs on one core, storage on the other.
 */
import type Database from 'better-sqlite3';
import { LEVELS, type IdempotencyRecord, type LogRow, type WriteBatch, type WriteResult } from '../types.js';

export class SqliteWriter {
  private readonly insertLog: Database.Statement;
  private readonly claimKey: Database.Statement;
  private readonly readKey: Database.Statement;
  private readonly commitTx: Database.Transaction<(batches: WriteBatch[]) => WriteResult[]>;

  constructor(private readonly db: Database.Database) {
    this.insertLog = db.prepare(
      `INSERT INTO logs (project_id, ts, received_at, level, service, message, context, environment, version, host, trace_id, span_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.claimKey = db.prepare(
      'INSERT OR IGNORE INTO idempotency (project_id, key, status, body, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.readKey = db.prepare('SELECT status, body FROM idempotency WHERE project_id = ? AND key = ?');
    this.commitTx = db.transaction((batches: WriteBatch[]) => batches.map((b) => this.apply(b)));
  }

  /** Commits every batch in one transaction (group commit). */
  commit(batches: WriteBatch[]): WriteResult[] {
    return this.commitTx.immediate(batches);
  }

  private apply(batch: WriteBatch): WriteResult {
    const idem = batch.idempotency;
    if (idem) {
      const claimed = this.claimKey.run(idem.projectId, idem.key, idem.record.status, idem.record.body, Date.now());
      if (claimed.changes === 0) {
        const record = this.readKey.get(idem.projectId, idem.key) as IdempotencyRecord;
        return { status: 'duplicate', record };
      }
    }
    for (const r of batch.rows) this.insertRow(r);
    return { status: 'committed' };
  }

  private insertRow(r: LogRow): void {
    this.insertLog.run(
      r.projectId, r.ts, r.receivedAt, LEVELS.indexOf(r.level), r.service, r.message, r.context,
      r.environment, r.version, r.host, r.traceId, r.spanId,
    );
  }
}

/**
 * Brings the FTS index up to date in large chunks, rather than a trigger per row: one chunk of
 * `chunkRows` rows is one transaction; the caller runs chunks while there is work, yielding between them.
 * Rows above the watermark are still found by search through a LIKE scan of the small unindexed tail.
 */
export class FtsIndexer {
  private readonly upto: Database.Statement;
  private readonly maxId: Database.Statement;
  private readonly index: Database.Statement;
  private readonly save: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly chunkRows = 20_000) {
    this.upto = db.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'fts_indexed_upto'");
    this.maxId = db.prepare('SELECT COALESCE(MAX(id), 0) AS v FROM logs');
    this.index = db.prepare('INSERT INTO logs_fts (rowid, message) SELECT id, message FROM logs WHERE id > ? AND id <= ? ORDER BY id');
    this.save = db.prepare("UPDATE meta SET value = ? WHERE key = 'fts_indexed_upto'");
  }

  /** Indexes one chunk; returns true when more rows remain. */
  step(): boolean {
    const from = (this.upto.get() as { v: number }).v;
    const max = (this.maxId.get() as { v: number }).v;
    if (max <= from) return false;
    const to = Math.min(max, from + this.chunkRows);
    this.db.transaction(() => {
      this.index.run(from, to);
      this.save.run(String(to));
    }).immediate();
    return to < max;
  }
}
