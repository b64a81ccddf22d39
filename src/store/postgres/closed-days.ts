/**
 * Moves a day into blocks once the day has been over for 24 hours (log-blocks.ts): what lets PostgreSQL keep
 * old logs in about 207 bytes each instead of 654 (docs/benchmarks.md, "Storage"), with the same exact answers.
 * The last 24 hours stay rows, as on SQLite: a count over a day of a common word reads the rows' text index
 * (350 ms at 10 M logs against 1.8 s over blocks, whose positions must be unnested block by block).
 *
 * In one transaction the day's partition is emptied (`DELETE … RETURNING`) into blocks of up to 256 logs of
 * a project, reads and inserts going on: readers see either the rows or the blocks, never both nor neither,
 * and a failure rolls back to the rows. Then, in a second and short one, the logs that arrived meanwhile are
 * moved too and the partition is truncated, which gives its file and its indexes' space back at once.
 *
 * A day is moved once: `log_day_compactions` records it. Logs that reach it later (late logs, an archive
 * restore) are moved by the next pass (hourly), and meanwhile read beside the blocks. One instance at a time,
 * and never beside a retention run, which might want to drop the same day: both take the retention lock.
 */
import type pg from 'pg';
import type { Db } from './db.js';
import { writeBlocks } from './log-blocks.js';
import { DAY_MS, partitionName } from './partitions.js';
import { withRetentionLock } from './retention.js';
import { partitionDays } from './rollups.js';

export interface ClosedDayOptions {
  /**
   * A day moves this long after its end: 24 h by default (DEVSMITH_PG_COLD_AFTER_HOURS), so the last 24 hours
   * are always rows, as on SQLite: counts over a day, the live tail and late logs stay on the indexed rows.
   */
  graceMs?: number;
  /** The longest one statement of a move may take (the move of a day's rows: ~70–100 s per million logs measured). */
  statementTimeoutMs?: number;
}

export interface ClosedDayPass {
  /** Days moved in this pass. */
  days: number[];
  /** True when the retention lock was held elsewhere, and nothing was tried. */
  busy: boolean;
}

/** How long the final step of a move waits for the day's partition to be free of other queries. */
const LOCK_WAIT_MS = 2000;

/** Runs `fn` in BEGIN/COMMIT on `c`; ROLLBACK when it throws or returns false. */
async function inTransaction<T>(c: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const out = await fn();
    await c.query(out === false ? 'ROLLBACK' : 'COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** A day moves into blocks this long after its end unless told otherwise (ClosedDayOptions.graceMs). */
export const COLD_AFTER_MS = 24 * 3_600_000;

/** Days with a partition, over for `graceMs`, not moved into blocks yet or holding late logs; oldest first. */
export async function closedDaysToCompact(db: Db, now: number, graceMs = COLD_AFTER_MS): Promise<number[]> {
  // Before the store is migrated (a pass due while `migrate` runs), there is nothing to do yet.
  const ready = await db.query("SELECT to_regclass('log_day_compactions') IS NOT NULL AS ok");
  if (!ready.rows[0].ok) return [];
  const { rows } = await db.query<{ day: string }>('SELECT day FROM log_day_compactions');
  const done = new Set(rows.map((r) => Number(r.day)));
  const over = (await partitionDays(db)).filter((d) => (d + 1) * DAY_MS + graceMs <= now);
  // A moved day's partition is empty, its file truncated: one with pages again holds late logs, moved too.
  const { rows: late } = await db.query<{ name: string }>(
    'SELECT name FROM unnest($1::text[]) AS name WHERE pg_relation_size(to_regclass(name)) > 0',
    [over.filter((d) => done.has(d)).map(partitionName)],
  );
  const lateNames = new Set(late.map((r) => r.name));
  return over.filter((d) => !done.has(d) || lateNames.has(partitionName(d))).sort((a, b) => a - b);
}

/**
 * Moves into blocks every closed day not moved yet, one day after another; `shouldStop` is asked between two
 * days. A day whose move failed (rolled back) or whose final step could not have its lock is tried again at
 * the next pass.
 */
export async function compactClosedDays(db: Db, now: number, opts: ClosedDayOptions = {}, shouldStop = () => false): Promise<ClosedDayPass> {
  const pass: ClosedDayPass = { days: [], busy: false };
  for (const day of await closedDaysToCompact(db, now, opts.graceMs)) {
    if (shouldStop()) break;
    const outcome = await withRetentionLock(db, async (c) => {
      try {
        await c.query(`SET statement_timeout = ${Math.max(1000, Math.round(opts.statementTimeoutMs ?? 3_600_000))}`);
        const table = partitionName(day);
        // Retention may have dropped the day since it was listed.
        const exists = await c.query('SELECT 1 FROM pg_class WHERE oid = to_regclass($1)', [table]);
        if (!exists.rowCount) return 'gone' as const;
        // An index rebuild cut off (earlier releases rebuilt closed days' indexes) leaves an invalid copy: dropped.
        const invalid = await c.query<{ name: string }>(
          'SELECT x.indexrelid::regclass::text AS name FROM pg_index x WHERE x.indrelid = to_regclass($1) AND NOT x.indisvalid',
          [table],
        );
        for (const { name } of invalid.rows) await c.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
        // The day's rows into blocks, reads and inserts going on: readers see the rows or the blocks.
        await inTransaction(c, () => writeBlocks(c, 'moved l', [], `moved AS (DELETE FROM ${table} RETURNING *)`));
        // Then, under a brief lock, the few logs that arrived meanwhile, and the partition emptied for good:
        // TRUNCATE gives its file and its indexes' space back at once (a VACUUM returns only the pages after
        // the last live row). A lock not had within LOCK_WAIT_MS (a long export reading the day) leaves the
        // day for the next pass, rather than have every query of the day queue behind this one. (pg_dump
        // holds every table until it ends: a move during a backup finishes after it.)
        const locked = await inTransaction(c, async () => {
          await c.query(`SET LOCAL lock_timeout = ${LOCK_WAIT_MS}`);
          try {
            await c.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
          } catch (err) {
            if ((err as { code?: string }).code === '55P03') return false; // lock_not_available
            throw err;
          }
          await writeBlocks(c, `${table} l`);
          await c.query(`TRUNCATE ${table}`);
          return true;
        });
        if (!locked) return 'later' as const;
        await c.query('INSERT INTO log_day_compactions (day, at) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET at = EXCLUDED.at', [day, now]);
        return 'done' as const;
      } finally {
        await c.query('RESET statement_timeout').catch(() => {});
      }
    });
    if (outcome === null) return { ...pass, busy: true };
    if (outcome === 'done') pass.days.push(day);
  }
  return pass;
}

export interface ClosedDayCompactor {
  /** Stops the timer and waits for the day being moved. */
  stop(): Promise<void>;
}

/**
 * Runs a pass `firstAfterMs` after the store opens, then every `everyMs`. A pass that fails (PostgreSQL
 * away, a rebuild cut off by its timeout) is tried again at the next one; the error goes to `onError`.
 */
export interface ClosedDayCompactorOptions extends ClosedDayOptions {
  firstAfterMs?: number;
  everyMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export function startClosedDayCompactor(db: Db, opts: ClosedDayCompactorOptions = {}): ClosedDayCompactor {
  let stopping = false;
  let running: Promise<unknown> | null = null;
  const run = () => {
    if (running || stopping) return;
    running = compactClosedDays(db, (opts.now ?? Date.now)(), opts, () => stopping)
      .catch((err) => opts.onError?.(err))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, opts.firstAfterMs ?? 300_000);
  const timer = setInterval(run, opts.everyMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopping = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
