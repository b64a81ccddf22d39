/**
 * Retention on SQLite, writer side (runs in the writer worker, on the write connection). A project's day is
 * deleted one small chunk per transaction and the worker lets waiting commits go between chunks, so ingest
 * waits for at most one chunk. The chunk size adapts to a time budget: a chunk of rows with long messages
 * (each FTS entry is removed with its text) costs more than one of short ones.
 *
 * The per-minute counts of the day, and its error data (retention-errors.ts), go in the transaction of the
 * last chunk: until then the day is still
 * listed by `storedDays`, so a run cut short (shutdown, crash) is finished by the next one.
 */
import type Database from 'better-sqlite3';
import { coldColumn } from './cold.js';
import { traced } from './step-trace.js';
import { StepSize } from './step-size.js';
import { AGE_ERRORS_SQL, ageErrorsParams, forSqlite, type AgeErrorsParams } from '../retention-errors.js';

const DAY_MS = 86_400_000;

/**
 * Every step between two commits aims at this many ms (StepSize): a commit waiting behind a step waits no
 * longer, and issue 13 wants no ingest stall over 50 ms even on a loaded machine (where a step takes 3-8× its
 * quiet time).
 */
const STEP_BUDGET_MS = 10;
/** Rows per delete chunk (also at most the caller's chunkRows): long messages cost more to unindex. */
const MIN_CHUNK_ROWS = 50;
const MAX_CHUNK_ROWS = 10_000;
/** FTS5 index pages merged per step between delete chunks (64 took 20-90 ms on a loaded machine). */
const MERGE_PAGES = { min: 4, max: 64, start: 32 };
/** Pages handed back per incremental_vacuum step (4 KiB pages; 512 took 50-194 ms a step, the first 128 74 ms). */
const VACUUM_PAGES = { min: 16, max: 128, start: 32 };
export class RetentionDeleter {
  private readonly pick: Database.Statement;
  private readonly ftsDelete: Database.Statement;
  private readonly deleteRows: Database.Statement;
  private readonly deleteMinutes: Database.Statement;
  private readonly deletePerf: Database.Statement[];
  private readonly watermark: Database.Statement;
  private readonly ftsMerge: Database.Statement;
  private readonly totalChanges: Database.Statement;
  private readonly ageErrors: Array<{ statement: Database.Statement; names: Array<keyof AgeErrorsParams> }>;
  /** True after a chunk removed index entries: the next step merges the index instead of deleting. */
  private mergeDue = false;
  private readonly mergePages = new StepSize(MERGE_PAGES.min, MERGE_PAGES.max, MERGE_PAGES.start, STEP_BUDGET_MS);
  private readonly vacuumPages = new StepSize(VACUUM_PAGES.min, VACUUM_PAGES.max, VACUUM_PAGES.start, STEP_BUDGET_MS);
  private manual = false;
  /** The day's rows are gone; merges may remain before it is reported done. */
  private rowsDone = false;
  /** Starts small: the first chunk's cost is unknown (long messages cost more to remove from the index). */
  private readonly chunkRows = new StepSize(MIN_CHUNK_ROWS, MAX_CHUNK_ROWS, 200, STEP_BUDGET_MS);

  constructor(private readonly db: Database.Database) {
    this.pick = db.prepare(`SELECT l.id, ${coldColumn('l', 'message')} AS message FROM logs l WHERE l.project_id = ? AND l.ts >= ? AND l.ts < ? LIMIT ?`);
    // External-content FTS5: an entry is removed by naming the text it was indexed with.
    this.ftsDelete = db.prepare("INSERT INTO logs_fts (logs_fts, rowid, message) VALUES ('delete', ?, ?)");
    this.deleteRows = db.prepare('DELETE FROM logs WHERE id IN (SELECT value FROM json_each(?))');
    this.deleteMinutes = db.prepare('DELETE FROM log_minutes WHERE project_id = ? AND minute >= ? AND minute < ?');
    // The performance aggregates of the day go with it (src/perf): its minutes and its 24 hours.
    this.deletePerf = [
      db.prepare('DELETE FROM perf_minutes WHERE project_id = ? AND minute >= ? AND minute < ?'),
      db.prepare('DELETE FROM perf_hours WHERE project_id = ? AND hour >= ? / 60 AND hour < ? / 60'),
    ];
    this.ftsMerge = db.prepare("INSERT INTO logs_fts (logs_fts, rank) VALUES ('merge', ?)");
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.ageErrors = AGE_ERRORS_SQL.map((text) => {
      const { sql, names } = forSqlite(text);
      return { statement: db.prepare(sql), names };
    });
    this.watermark = db.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'fts_indexed_upto'").pluck();
    try {
      this.automerge(true); // a run cut short by a crash must not leave the index without merging
    } catch (err) {
      // A full disk at start must not kill the writer: the next run's end turns automerge on again.
      process.stderr.write(`retention: could not restore FTS automerge at start: ${(err as Error).message ?? (err as { code?: string }).code}\n`);
    }
  }

  /**
   * FTS5 merges its segments inside the commit that wrote the last one (automerge), and a chunk of deletes
   * writes a segment of tombstones every few milliseconds: merges piled up into commits of 100-600 ms. During
   * a day's deletes the index merges in steps of its own instead, MERGE_PAGES at a time, between chunks.
   */
  private automerge(on: boolean): void {
    this.db.exec(`INSERT INTO logs_fts (logs_fts, rank) VALUES ('automerge', ${on ? 4 : 0})`);
  }

  /** One bounded merge step; true when it found work (FTS5: fewer than 2 changes means nothing was merged). */
  private mergeStep(): boolean {
    const started = performance.now();
    const before = this.totalChanges.get() as number;
    this.ftsMerge.run(this.mergePages.value);
    const merged = (this.totalChanges.get() as number) - before >= 2;
    this.mergePages.took(performance.now() - started);
    return merged;
  }

  /** Before a day's first step: no state is carried over from a day that ended in an error. */
  begin(): void {
    this.mergeDue = false;
    this.rowsDone = false;
  }

  /** After a day's last step, or its error: FTS5 merges on its own again. */
  end(): void {
    if (!this.manual) return;
    this.manual = false;
    this.automerge(true);
  }

  /**
   * One step of a project's day: a chunk of deletes, or a merge step of the index after a chunk that removed
   * index entries; done once the rows are gone and the index merged.
   */
  step(projectId: number, day: number, maxChunkRows: number): { deleted: number; done: boolean } {
    if (this.mergeDue) {
      this.mergeDue = traced(`fts merge ${this.mergePages.value} pages`, () => this.mergeStep());
      return { deleted: 0, done: false };
    }
    if (this.rowsDone) {
      this.rowsDone = false;
      this.end();
      return { deleted: 0, done: true };
    }
    const result = traced('delete chunk', () => this.deleteChunk(projectId, day, maxChunkRows), (r) => `${r.deleted} rows`);
    this.mergeDue = result.indexed > 0;
    this.rowsDone = result.done;
    return { deleted: result.deleted, done: false };
  }

  private deleteChunk(projectId: number, day: number, maxChunkRows: number): { deleted: number; indexed: number; done: boolean } {
    const started = performance.now();
    const limit = Math.min(this.chunkRows.value, maxChunkRows);
    const result = this.db.transaction(() => {
      const rows = this.pick.all(projectId, day * DAY_MS, (day + 1) * DAY_MS, limit) as Array<{ id: number; message: string }>;
      const indexedUpto = this.watermark.get() as number;
      let indexed = 0;
      for (const r of rows) if (r.id <= indexedUpto && ++indexed) this.ftsDelete.run(r.id, r.message);
      if (indexed && !this.manual) {
        this.manual = true;
        this.automerge(false);
      }
      if (rows.length) this.deleteRows.run(JSON.stringify(rows.map((r) => r.id)));
      const done = rows.length < limit;
      if (done) {
        this.deleteMinutes.run(projectId, day * 1440, (day + 1) * 1440);
        for (const statement of this.deletePerf) statement.run(projectId, day * 1440, (day + 1) * 1440);
        const params = ageErrorsParams(projectId, day);
        for (const { statement, names } of this.ageErrors) statement.run(Object.fromEntries(names.map((n) => [n, params[n]])));
      }
      return { deleted: rows.length, indexed, done };
    }).immediate();
    this.chunkRows.took(performance.now() - started, limit);
    return result;
  }

  /** Hands free pages back to the file system, one bounded step; true while free pages remain. */
  vacuumStep(onPages: (pages: number) => void = () => {}): boolean {
    if (this.db.pragma('auto_vacuum', { simple: true }) !== 2) return false; // only INCREMENTAL can
    const started = performance.now();
    const before = this.db.pragma('freelist_count', { simple: true }) as number;
    traced(`incremental vacuum ${this.vacuumPages.value} pages`, () => this.db.pragma(`incremental_vacuum(${this.vacuumPages.value})`));
    this.vacuumPages.took(performance.now() - started);
    const left = this.db.pragma('freelist_count', { simple: true }) as number;
    onPages(before - left);
    return left > 0;
  }
}
