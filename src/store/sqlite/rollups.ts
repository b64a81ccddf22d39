/**
 * Per-minute counts of logs by project, service and level, kept in the same transaction as the rows, so
 * that a 24 h histogram, a count over a time range or the list of services reads ~30,000 small rows instead
 * of scanning ~1.5 million log rows. Only the partial minutes at the edges of a range are counted from the
 * logs themselves, so every answer is exact.
 */
import type Database from 'better-sqlite3';
import { LEVELS, type LogFilter } from '../types.js';
import { ROW_WIDTH } from './encoding.js';
import { MINUTE, type BucketCount } from '../rollup-range.js';

const minuteOf = (ts: number) => Math.floor(ts / MINUTE);

/** Accumulates the rows of one commit and writes their counts (writer side). */
export class RollupWriter {
  private readonly upsert: Database.Statement;
  private readonly pending = new Map<string, [number, number, string, number, number, number]>();

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO log_minutes (project_id, minute, service, level, n, last_ts) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, minute, service, level) DO UPDATE SET n = n + excluded.n, last_ts = max(last_ts, excluded.last_ts)`,
    );
  }

  /** Counts `count` rows of the flat `values` array starting at `offset` (see encoding.ts for the layout). */
  add(values: unknown[], offset: number, count: number): void {
    for (let i = offset, end = offset + count * ROW_WIDTH; i < end; i += ROW_WIDTH) {
      const project = values[i] as number;
      const ts = values[i + 1] as number;
      const level = values[i + 3] as number;
      const service = values[i + 4] as string;
      const minute = minuteOf(ts);
      const key = `${project}\u0000${minute}\u0000${level}\u0000${service}`;
      const acc = this.pending.get(key);
      if (acc) {
        acc[4]++;
        if (ts > acc[5]) acc[5] = ts;
      } else this.pending.set(key, [project, minute, service, level, 1, ts]);
    }
  }

  /** Writes the accumulated counts; call inside the commit's transaction. */
  flush(): void {
    for (const acc of this.pending.values()) this.upsert.run(acc);
    this.pending.clear();
  }

  discard(): void {
    this.pending.clear();
  }
}

export function rollupWhere(f: LogFilter, fromMinute: number, toMinute: number): { sql: string; params: unknown[] } {
  const clauses = [`project_id IN (${f.projectIds.map(() => '?').join(',')})`, 'minute >= ?', 'minute < ?'];
  const params: unknown[] = [...f.projectIds, fromMinute, toMinute];
  if (f.services?.length) {
    clauses.push(`service IN (${f.services.map(() => '?').join(',')})`);
    params.push(...f.services);
  }
  if (f.levels?.length) {
    clauses.push(`level IN (${f.levels.map(() => '?').join(',')})`);
    params.push(...f.levels.map((l) => LEVELS.indexOf(l)));
  }
  return { sql: clauses.join(' AND '), params };
}

/** Counts per (bucket, level) over whole minutes [from, to); `intervalMs` is a multiple of a minute. */
export function rollupHistogram(db: Database.Database, f: LogFilter, from: number, to: number, intervalMs: number): BucketCount[] {
  const w = rollupWhere(f, from / MINUTE, to / MINUTE);
  return db
    .prepare(
      `SELECT ((minute * ${MINUTE}) / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket, level, SUM(n) AS n
       FROM log_minutes WHERE ${w.sql} GROUP BY bucket, level ORDER BY bucket`,
    )
    .all(intervalMs, intervalMs, ...w.params) as BucketCount[];
}

export function rollupCount(db: Database.Database, f: LogFilter, from: number, to: number): number {
  const w = rollupWhere(f, from / MINUTE, to / MINUTE);
  return (db.prepare(`SELECT COALESCE(SUM(n), 0) AS n FROM log_minutes WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
}
