/**
 * Per-minute counts of logs by project, service and level, kept in the same transaction as the rows, so
 * that a 24 h histogram, a count over a time range or the list of services reads ~30,000 small rows instead
 * of scanning ~1.5 million log rows. Only the partial minutes at the edges of a range are counted from the
 * logs themselves, so every answer is exact.
 */
import type Database from 'better-sqlite3';
import { LEVELS, type HistogramBucket, type LogFilter } from '../types.js';
import { ROW_WIDTH } from './encoding.js';

export const MINUTE = 60_000;
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

/** Rollups answer only filters on projects, services, levels and time: not text nor context. */
export function rollupsApply(f: LogFilter): boolean {
  return !f.text?.trim() && !Object.keys(f.context ?? {}).length;
}

/** Splits [from, to) into the whole minutes in the middle (from rollups) and the partial edges (from rows). */
export function splitRange(from: number, to: number): { middle: [number, number] | null; edges: Array<[number, number]> } {
  const a = Math.ceil(from / MINUTE) * MINUTE;
  const b = Math.floor(to / MINUTE) * MINUTE;
  if (a >= b) return { middle: null, edges: [[from, to]] };
  const edges: Array<[number, number]> = [];
  if (from < a) edges.push([from, a]);
  if (b < to) edges.push([b, to]);
  return { middle: [a, b], edges };
}

function rollupWhere(f: LogFilter, fromMinute: number, toMinute: number): { sql: string; params: unknown[] } {
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
export function rollupHistogram(db: Database.Database, f: LogFilter, from: number, to: number, intervalMs: number): Array<{ b: number; level: number; n: number }> {
  const w = rollupWhere(f, from / MINUTE, to / MINUTE);
  return db
    .prepare(
      `SELECT ((minute * ${MINUTE}) / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS b, level, SUM(n) AS n
       FROM log_minutes WHERE ${w.sql} GROUP BY b, level ORDER BY b`,
    )
    .all(intervalMs, intervalMs, ...w.params) as Array<{ b: number; level: number; n: number }>;
}

export function rollupCount(db: Database.Database, f: LogFilter, from: number, to: number): number {
  const w = rollupWhere(f, from / MINUTE, to / MINUTE);
  return (db.prepare(`SELECT COALESCE(SUM(n), 0) AS n FROM log_minutes WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
}

/** Merges per-(bucket, level) counts from several sources into histogram buckets, oldest first. */
export function toBuckets(rows: Array<{ b: number; level: number; n: number }>): HistogramBucket[] {
  const byTs = new Map<number, HistogramBucket>();
  for (const r of rows) {
    let bucket = byTs.get(r.b);
    if (!bucket) byTs.set(r.b, (bucket = { ts: r.b, counts: {} }));
    const level = LEVELS[r.level] ?? 'INFO';
    bucket.counts[level] = (bucket.counts[level] ?? 0) + r.n;
  }
  return [...byTs.values()].sort((x, y) => x.ts - y.ts);
}
