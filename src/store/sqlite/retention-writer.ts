/**
 * Retention on SQLite, writer side (runs in the writer worker, on the write connection). A project's day is
 * deleted one small chunk per transaction and the worker lets waiting commits go between chunks, so ingest
 * waits for at most one chunk. The chunk size adapts to a time budget: a chunk of rows with long messages
 * (each FTS entry is removed with its text) costs more than one of short ones.
 *
 * The per-minute counts of the day go in the transaction of the last chunk: until then the day is still
 * listed by `storedDays`, so a run cut short (shutdown, crash) is finished by the next one.
 */
import type Database from 'better-sqlite3';

const DAY_MS = 86_400_000;

/** Time one chunk may hold the write lock: a commit waiting behind it waits no longer than this. */
const CHUNK_BUDGET_MS = 10;
const MIN_CHUNK_ROWS = 50;
/** Pages handed back per incremental_vacuum step (4 KiB pages: 2 MiB, ~5-10 ms). */
const VACUUM_PAGES = 512;

export class RetentionDeleter {
  private readonly pick: Database.Statement;
  private readonly ftsDelete: Database.Statement;
  private readonly deleteRows: Database.Statement;
  private readonly deleteMinutes: Database.Statement;
  private readonly watermark: Database.Statement;
  /** Starts small: the first chunk's cost is unknown (long messages cost more to remove from the index). */
  private chunkRows = 200;

  constructor(private readonly db: Database.Database) {
    this.pick = db.prepare('SELECT id, message FROM logs WHERE project_id = ? AND ts >= ? AND ts < ? LIMIT ?');
    // External-content FTS5: an entry is removed by naming the text it was indexed with.
    this.ftsDelete = db.prepare("INSERT INTO logs_fts (logs_fts, rowid, message) VALUES ('delete', ?, ?)");
    this.deleteRows = db.prepare('DELETE FROM logs WHERE id IN (SELECT value FROM json_each(?))');
    this.deleteMinutes = db.prepare('DELETE FROM log_minutes WHERE project_id = ? AND minute >= ? AND minute < ?');
    this.watermark = db.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'fts_indexed_upto'").pluck();
  }

  /** Deletes one chunk of the project's day; returns the rows deleted and whether the day is done. */
  step(projectId: number, day: number, maxChunkRows: number): { deleted: number; done: boolean } {
    const started = performance.now();
    const limit = Math.min(this.chunkRows, maxChunkRows);
    const result = this.db.transaction(() => {
      const rows = this.pick.all(projectId, day * DAY_MS, (day + 1) * DAY_MS, limit) as Array<{ id: number; message: string }>;
      const indexedUpto = this.watermark.get() as number;
      for (const r of rows) if (r.id <= indexedUpto) this.ftsDelete.run(r.id, r.message);
      if (rows.length) this.deleteRows.run(JSON.stringify(rows.map((r) => r.id)));
      const done = rows.length < limit;
      if (done) this.deleteMinutes.run(projectId, day * 1440, (day + 1) * 1440);
      return { deleted: rows.length, done };
    }).immediate();
    this.adapt(performance.now() - started, limit, maxChunkRows);
    return result;
  }

  private adapt(elapsedMs: number, limit: number, max: number): void {
    if (elapsedMs > CHUNK_BUDGET_MS * 2) this.chunkRows = Math.max(MIN_CHUNK_ROWS, Math.floor(limit / 2));
    else if (elapsedMs < CHUNK_BUDGET_MS / 2) this.chunkRows = Math.min(max, limit * 2);
  }

  /** Hands free pages back to the file system, one bounded step; true while free pages remain. */
  vacuumStep(): boolean {
    if (this.db.pragma('auto_vacuum', { simple: true }) !== 2) return false; // only INCREMENTAL can
    this.db.pragma(`incremental_vacuum(${VACUUM_PAGES})`);
    return (this.db.pragma('freelist_count', { simple: true }) as number) > 0;
  }
}
