/**
 * Per-minute counts of logs by project, service and level (`log_minutes`), upserted in the same transaction
 * as the rows they count, so that a 24 h histogram, a count over a time range, the services list and the
 * project stats read ~30,000 small rows instead of ~1.5 million logs. Only the partial minutes at the edges
 * of a range are counted from the logs themselves, so every answer is exact (same design as SQLite's).
 *
 * Retention drops whole day partitions of `logs`. Counts must not outlive their rows, so (1) rollup reads
 * only count days whose partition exists, and (2) creating a day's partition clears that day's counts in the
 * same transaction (partitions.ts): a re-created day starts from zero.
 */
import { LEVELS, type LogFilter, type LogRow } from '../types.js';
import type { Db } from './db.js';
import { Params } from './filters.js';
import { MINUTE } from '../rollup-range.js';


/** Floor of ts / 60 000 in SQL, right before 1970 too. */
export const MINUTE_OF_TS = `((ts - (((ts % ${MINUTE}) + ${MINUTE}) % ${MINUTE})) / ${MINUTE})`;

/**
 * The rows' counts as the parameters of `upsertMinutesSql`. The keys are sorted so that concurrent commits
 * lock the rows they share in the same order (no deadlock).
 */
export function minuteCounts(rows: LogRow[]): unknown[][] {
  const acc = new Map<string, { p: number; m: number; s: string; l: number; n: number; last: number }>();
  for (const r of rows) {
    const m = Math.floor(r.ts / MINUTE);
    const l = LEVELS.indexOf(r.level);
    const key = `${r.projectId}\u0000${m}\u0000${l}\u0000${r.service}`;
    const a = acc.get(key);
    if (a) {
      a.n++;
      if (r.ts > a.last) a.last = r.ts;
    } else acc.set(key, { p: r.projectId, m, s: r.service, l, n: 1, last: r.ts });
  }
  const all = [...acc.values()].sort((x, y) => x.p - y.p || x.m - y.m || (x.s < y.s ? -1 : x.s > y.s ? 1 : 0) || x.l - y.l);
  return [all.map((a) => a.p), all.map((a) => a.m), all.map((a) => a.s), all.map((a) => a.l), all.map((a) => a.n), all.map((a) => a.last)];
}

/** Adds the counts of `minuteCounts`, bound from parameter `$first` on; `where` gates the rows (see logs-write.ts). */
export function upsertMinutesSql(first: number, where = ''): string {
  const $ = (i: number) => `$${first + i}`;
  return `INSERT INTO log_minutes (project_id, minute, service, level, n, last_ts)
     SELECT * FROM unnest(${$(0)}::int[], ${$(1)}::bigint[], ${$(2)}::text[], ${$(3)}::smallint[], ${$(4)}::bigint[], ${$(5)}::bigint[])${where}
     ON CONFLICT (project_id, minute, service, level)
     DO UPDATE SET n = log_minutes.n + excluded.n, last_ts = greatest(log_minutes.last_ts, excluded.last_ts)`;
}

const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** The days that have a `logs` partition (names from partitions.ts: logs_YYYYMMDD, logs_day_123, logs_day_m123). */
export async function partitionDays(db: Db): Promise<number[]> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'logs'::regclass",
  );
  const days: number[] = [];
  for (const { name } of rows) {
    let m = /^logs_(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (m) days.push(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
    else if ((m = /^logs_day_(m?)(\d+)$/.exec(name))) days.push((m[1] ? -1 : 1) * Number(m[2]));
  }
  return days;
}

/** The UTC day (as partitionDays gives it) of a minute column, right before 1970 too. */
export const DAY_OF_MINUTE = (col: string) =>
  `((${col} - (((${col} % ${MINUTES_PER_DAY}) + ${MINUTES_PER_DAY}) % ${MINUTES_PER_DAY})) / ${MINUTES_PER_DAY})`;

/** The WHERE clause on log_minutes for the filter's projects, services and levels over whole minutes [from, to). */
export function minutesWhere(f: LogFilter, p: Params, from: number, to: number, days: number[]): string {
  const clauses = [
    `${DAY_OF_MINUTE('minute')} = ANY(${p.add(days)}::bigint[])`,
    f.projectIds.length === 1 ? `project_id = ${p.add(f.projectIds[0])}` : `project_id = ANY(${p.add(f.projectIds)}::int[])`,
    `minute >= ${p.add(from / MINUTE)}`,
    `minute < ${p.add(to / MINUTE)}`,
  ];
  if (f.services?.length) clauses.push(`service = ANY(${p.add(f.services)}::text[])`);
  if (f.levels?.length) clauses.push(`level = ANY(${p.add(f.levels.map((l) => LEVELS.indexOf(l)))}::smallint[])`);
  return clauses.join(' AND ');
}

/** Merges (bucket, level, n) rows from several sources into buckets, oldest first. */
