/**
 * Moves a day into blocks once the day is over (log-blocks.ts): what lets PostgreSQL keep old logs in
 * about 207 bytes each instead of 572 (docs/benchmarks.md, "Storage"), with the same exact answers.
 *
 * In one transaction the day's partition is emptied (`DELETE … RETURNING`) into blocks of up to 256 logs of
 * a project: readers see either the rows or the blocks, never both nor neither, and a failure rolls back to
 * the rows. Logs arriving for the day meanwhile, or later (late logs, an archive restore), stay rows in the
 * partition, read beside the blocks. Then the emptied partition gives its space back: VACUUM truncates its
 * file, and `REINDEX INDEX CONCURRENTLY` rebuilds each of its indexes from what is left (inserts and reads go
 * on meanwhile).
 *
 * A day is moved once: `log_day_compactions` records it; a restore into the day removes the record, and the
 * next pass moves the restored rows too. One instance at a time, and never beside a retention run, which
 * might want to drop the same day: both take the retention lock.
 */
import type { Db } from './db.js';
import { writeBlocks } from './log-blocks.js';
import { DAY_MS, partitionName } from './partitions.js';
import { withRetentionLock } from './retention.js';
import { partitionDays } from './rollups.js';


export interface ClosedDayOptions {
  /** A day is closed this long after its end (late logs mostly arrive within seconds). */
  graceMs?: number;
  /** The longest a move or a rebuild may take (a rebuild waits for queries that started before it, such as an export). */
  statementTimeoutMs?: number;
}

export interface ClosedDayPass {
  /** Days moved in this pass. */
  days: number[];
  /** True when the retention lock was held elsewhere, and nothing was tried. */
  busy: boolean;
}

/** Days with a partition, over for `graceMs`, and not moved into blocks yet; oldest first. */
export async function closedDaysToCompact(db: Db, now: number, graceMs = 3_600_000): Promise<number[]> {
  // Before the store is migrated (a pass due while `migrate` runs), there is nothing to do yet.
  const ready = await db.query("SELECT to_regclass('log_day_compactions') IS NOT NULL AS ok");
  if (!ready.rows[0].ok) return [];
  const { rows } = await db.query<{ day: string }>('SELECT day FROM log_day_compactions');
  const done = new Set(rows.map((r) => Number(r.day)));
  return (await partitionDays(db)).filter((d) => (d + 1) * DAY_MS + graceMs <= now && !done.has(d)).sort((a, b) => a - b);
}

/**
 * Moves into blocks every closed day not moved yet, one day after another; `shouldStop` is asked between two
 * days. A failed pass is tried again at the next: the move rolled back, or the rebuilds left to finish.
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
        // A rebuild cut off (its timeout, a restart) leaves an invalid copy of an index: dropped first.
        const invalid = await c.query<{ name: string }>(
          'SELECT x.indexrelid::regclass::text AS name FROM pg_index x WHERE x.indrelid = to_regclass($1) AND NOT x.indisvalid',
          [table],
        );
        for (const { name } of invalid.rows) await c.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
        await c.query('BEGIN');
        try {
          await writeBlocks(c, 'moved l', [], `moved AS (DELETE FROM ${table} RETURNING *)`);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {});
          throw err;
        }
        await c.query(`VACUUM ${table}`);
        const indexes = await c.query<{ name: string }>('SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = to_regclass($1)', [table]);
        // Takes only a SHARE UPDATE EXCLUSIVE lock (inserts and reads go on).
        for (const { name } of indexes.rows) await c.query(`REINDEX INDEX CONCURRENTLY ${name}`);
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
