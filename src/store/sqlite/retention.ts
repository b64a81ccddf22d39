/** Retention on SQLite, read side: the days that hold logs and the dry run (the deletes run in the writer). */
import type Database from 'better-sqlite3';
import type { RetentionPreview, StoredDay } from '../retention-types.js';

/** The UTC day of a minute column, right before 1970 too. */
const DAY_OF_MINUTE = '((minute - (((minute % 1440) + 1440) % 1440)) / 1440)';

/**
 * From the per-minute counts: every stored row is counted there until retention deletes its day. Reads run
 * on the event loop, so this jumps from one day with counts to the next along the primary key, per project,
 * instead of reading every minute row.
 */
export function storedDays(db: Database.Database, beforeDay: number): StoredDay[] {
  const next = db.prepare('SELECT MIN(minute) FROM log_minutes WHERE project_id = ? AND minute >= ? AND minute < ?').pluck();
  const byDay = new Map<number, number[]>();
  for (const projectId of db.prepare('SELECT id FROM projects ORDER BY id').pluck().all() as number[]) {
    for (let from = Number.MIN_SAFE_INTEGER; ; ) {
      const minute = next.get(projectId, from, beforeDay * 1440) as number | null;
      if (minute === null) break;
      const day = Math.floor(minute / 1440);
      byDay.set(day, [...(byDay.get(day) ?? []), projectId]);
      from = (day + 1) * 1440;
    }
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, projectIds]) => ({ day, projectIds }));
}

/** `bytesPerLog`: the log objects' bytes over every stored log (storage.ts, the Projects page's measure). */
export function retentionPreview(db: Database.Database, projectId: number, beforeDay: number, bytesPerLog: number): RetentionPreview {
  const oldestLog = db.prepare('SELECT MIN(ts) FROM logs WHERE project_id = ?').pluck().get(projectId) as number | null;
  const perDay = db
    .prepare(`SELECT ${DAY_OF_MINUTE} AS day, SUM(n) AS n FROM log_minutes WHERE project_id = ? AND minute < ? GROUP BY day ORDER BY day`)
    .all(projectId, beforeDay * 1440) as Array<{ day: number; n: number }>;
  const logs = perDay.reduce((sum, d) => sum + d.n, 0);
  return { oldestLog, logs, days: perDay.map((d) => d.day), bytesEstimate: Math.round(logs * bytesPerLog) };
}
