/**
 * Newest-first pages over a few day partitions at a time. Without a lower time bound PostgreSQL plans the
 * page over every partition of `logs`: with 500 days that planning took 90 ms of a 96 ms query (the
 * ordered Append then reads only the newest partition). So the page is asked for over a growing window
 * below its upper bound (1 day, then 4, 16, 64...), each planned over its own days only, until it is full
 * or reaches the oldest log of its projects.
 */
import type { LogQuery } from '../types.js';
import type { Db } from './db.js';
import { MINUTE } from '../rollup-range.js';

const DAY = 86_400_000;

/**
 * The first and last minute holding logs of these projects, from the rollups' primary key (two index
 * probes per project); null when they have none. Every row is counted in log_minutes in the statement
 * that writes it, so no row lies outside. (Counts of days that retention dropped may remain and widen
 * the range: that costs a query or two, never a row.)
 */
async function minuteRange(db: Db, projectIds: number[]): Promise<{ first: number; last: number } | null> {
  const { rows } = await db.query(
    `SELECT min(b.first) AS first, max(b.last) AS last FROM unnest($1::int[]) AS x(pid) CROSS JOIN LATERAL (SELECT
       (SELECT minute FROM log_minutes WHERE project_id = x.pid ORDER BY minute LIMIT 1) AS first,
       (SELECT minute FROM log_minutes WHERE project_id = x.pid ORDER BY minute DESC LIMIT 1) AS last) b`,
    [projectIds],
  );
  return rows[0]?.first == null ? null : { first: Number(rows[0].first), last: Number(rows[0].last) };
}

/**
 * Runs `page` (the query's own SQL, newest first, `limit` rows) over successive windows and returns up to
 * `q.limit` rows, exactly those one unbounded query would return. Rows of a window all sort after those of
 * the next (older) one, so a window that comes back short holds every matching row of its range.
 */
export async function newestFirst<R>(db: Db, q: LogQuery, page: (w: LogQuery) => Promise<R[]>): Promise<R[]> {
  const range = await minuteRange(db, q.projectIds);
  if (!range) return [];
  const lowest = Math.max(q.from ?? -Infinity, range.first * MINUTE);
  let upper = Math.min(q.to ?? Infinity, q.cursor ? q.cursor.ts + 1 : Infinity, (range.last + 1) * MINUTE);
  const rows: R[] = [];
  for (let span = DAY; ; span *= 4) {
    const from = Math.max(lowest, upper - span);
    // The first window keeps the query's own upper bound: rows committed since minuteRange still count.
    const to = span === DAY ? q.to : upper;
    rows.push(...(await page({ ...q, from, to, limit: q.limit - rows.length })));
    if (rows.length >= q.limit || from <= lowest) return rows;
    upper = from;
  }
}
