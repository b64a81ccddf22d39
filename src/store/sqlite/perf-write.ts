/**
 * Writes the performance deltas of a commit (src/store/perf-deltas.ts) into perf_minutes and perf_hours, in the
 * commit's transaction. Counts add up; the sketches merge in the upsert itself, a sum per bucket key over the
 * two JSON objects, so no row is read back into JavaScript.
 */
import type Database from 'better-sqlite3';
import type { PerfDelta } from '../perf-types.js';
import { toHours } from '../perf-deltas.js';

const KEY = 'project_id, {t}, service, kind, route, method, version, environment';

function upsertSql(table: string, t: string): string {
  const key = KEY.replace('{t}', t);
  return `INSERT INTO ${table} (${key}, n, errors, sum_ms, max_ms, sketch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (${key}) DO UPDATE SET n = n + excluded.n, errors = errors + excluded.errors,
      sum_ms = sum_ms + excluded.sum_ms, max_ms = max(max_ms, excluded.max_ms),
      sketch = (SELECT json_group_object(k, c) FROM (
        SELECT k, SUM(c) AS c FROM (
          SELECT key AS k, value AS c FROM json_each(${table}.sketch)
          UNION ALL SELECT key, value FROM json_each(excluded.sketch)
        ) GROUP BY k))`;
}

export class PerfWriter {
  private readonly minutes: Database.Statement;
  private readonly hours: Database.Statement;

  constructor(db: Database.Database) {
    this.minutes = db.prepare(upsertSql('perf_minutes', 'minute'));
    this.hours = db.prepare(upsertSql('perf_hours', 'hour'));
  }

  /** Call inside the commit's transaction, with the deltas of the batches that committed. */
  apply(deltas: PerfDelta[]): void {
    if (!deltas.length) return;
    for (const d of deltas) this.minutes.run(...params(d, d.minute));
    // An hour row per (hour, series): the minutes of one commit that share an hour are summed first.
    for (const d of toHours(deltas)) this.hours.run(...params(d, Math.floor(d.minute / 60)));
  }
}

function params(d: PerfDelta, t: number): unknown[] {
  return [d.projectId, t, d.service, d.kind, d.route, d.method, d.version, d.environment, d.n, d.errors, d.sumMs, d.maxMs, JSON.stringify(d.sketch)];
}
