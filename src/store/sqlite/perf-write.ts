/**
 * Writes the performance deltas of a commit (src/store/perf-deltas.ts) into perf_minutes and perf_hours, in the
 * commit's transaction. Counts add up in the upsert; sketches are merged here, in the writer thread, because
 * SQLite's JSON functions re-read and re-sort the whole stored sketch on every upsert (a hot hour row holds
 * hundreds of buckets): that cost 40 % of ingest. The writer thread is the only writer of these tables, so it
 * keeps the sketches of the rows it wrote last in memory (bounded) and never reads them back; a failed commit
 * or a retention delete clears that memory, and the next write reads the row again.
 */
import type Database from 'better-sqlite3';
import type { PerfDelta } from '../perf-types.js';
import { toHours } from '../perf-deltas.js';
import { mergeInto, parseSketch, type Sketch } from '../../perf/sketch.js';
import { encodeSketch } from '../../perf/sketch-codec.js';

const KEY = 'project_id, {t}, service, kind, route, method, version, environment';
/** Sketches kept in memory: the current minute and hour of a few thousand series. */
const CACHE_MAX = 20_000;

function upsertSql(table: string, t: string): string {
  const key = KEY.replace('{t}', t);
  return `INSERT INTO ${table} (${key}, n, errors, sum_ms, max_ms, sketch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (${key}) DO UPDATE SET n = n + excluded.n, errors = errors + excluded.errors,
      sum_ms = sum_ms + excluded.sum_ms, max_ms = max(max_ms, excluded.max_ms), sketch = excluded.sketch`;
}

function readSql(table: string, t: string): string {
  return `SELECT sketch FROM ${table} WHERE project_id = ? AND ${t} = ? AND service = ? AND kind = ? AND route = ? AND method = ? AND version = ? AND environment = ?`;
}

class Table {
  private readonly upsert: Database.Statement;
  private readonly read: Database.Statement;
  private readonly sketches = new Map<string, Sketch>();

  constructor(db: Database.Database, table: string, t: string) {
    this.upsert = db.prepare(upsertSql(table, t));
    this.read = db.prepare(readSql(table, t)).pluck();
  }

  write(d: PerfDelta, t: number): void {
    const key: unknown[] = [d.projectId, t, d.service, d.kind, d.route, d.method, d.version, d.environment];
    const id = key.join('\u0000');
    let sketch = this.sketches.get(id);
    if (sketch) this.sketches.delete(id); // re-inserted below: most recently used last
    else {
      sketch = parseSketch(this.read.get(...key)); // {} for a new row; JSON text in rows written before the BLOB form
    }
    mergeInto(sketch, d.sketch);
    this.sketches.set(id, sketch);
    if (this.sketches.size > CACHE_MAX) this.sketches.delete(this.sketches.keys().next().value!);
    this.upsert.run(...key, d.n, d.errors, d.sumMs, d.maxMs, encodeSketch(sketch));
  }

  forget(): void {
    this.sketches.clear();
  }
}

export class PerfWriter {
  private readonly minutes: Table;
  private readonly hours: Table;

  constructor(db: Database.Database) {
    this.minutes = new Table(db, 'perf_minutes', 'minute');
    this.hours = new Table(db, 'perf_hours', 'hour');
  }

  /** Call inside the commit's transaction, with the deltas of the batches that committed. */
  apply(deltas: PerfDelta[]): void {
    if (!deltas.length) return;
    for (const d of deltas) this.minutes.write(d, d.minute);
    // An hour row per (hour, series): the minutes of one commit that share an hour are summed first.
    for (const d of toHours(deltas)) this.hours.write(d, Math.floor(d.minute / 60));
  }

  /** After a rolled-back commit or rows deleted by another path: the next writes read the stored sketches. */
  forget(): void {
    this.minutes.forget();
    this.hours.forget();
  }
}
