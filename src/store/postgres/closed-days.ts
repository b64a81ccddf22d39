/**
 * Rebuilds the B-tree indexes of a day partition once its day is over, to give back their empty half.
 *
 * The two time indexes (`logs_project_ts`, `logs_project_service_ts`, and the small `logs_fingerprint`)
 * hold every project of a day and are declared `ts DESC, id DESC`, while logs arrive in time order: each
 * insert lands inside the index, not at its right end, and PostgreSQL splits such a page into two half-full
 * ones. Built at once from the finished day instead, their pages are full: at 1 M logs 72.3 → 36.6 and
 * 91.5 → 46.5 bytes per log (docs/benchmarks.md, "Storage"). A closed day is no longer written to, late logs
 * and archive restores aside (a restore marks its days to be rebuilt again), so its copies are built with
 * fillfactor 100 rather than the 90 kept free for inserts; the id index (appended at its right end, so
 * already 90 % full) is rebuilt for that alone: 22.5 → 20.3. `REINDEX INDEX CONCURRENTLY` builds the new
 * index beside the old one and swaps them: inserts and reads go on meanwhile. The GIN text index is left as
 * it is (larger when built at once: 75 → 90 bytes per log, measured).
 *
 * A day is rebuilt once: `log_day_compactions` records it. One instance at a time, and never beside a
 * retention run, which might want to drop the same partition: both take the retention lock.
 */
import type { Db } from './db.js';
import { DAY_MS, partitionName } from './partitions.js';
import { withRetentionLock } from './retention.js';
import { partitionDays } from './rollups.js';

/** The B-tree indexes of `logs` whose partitions' copies are rebuilt. */
const REBUILT = ['logs_project_ts', 'logs_project_service_ts', 'logs_fingerprint', 'logs_id'];

export interface ClosedDayOptions {
  /** A day is closed this long after its end (late logs mostly arrive within seconds). */
  graceMs?: number;
  /** The longest a rebuild may take (one waits for queries that started before it, such as an export). */
  statementTimeoutMs?: number;
}

export interface ClosedDayPass {
  /** Days rebuilt in this pass. */
  days: number[];
  /** True when the retention lock was held elsewhere, and nothing was tried. */
  busy: boolean;
}

/** Days with a partition, over for `graceMs`, and not rebuilt yet; oldest first. */
export async function closedDaysToCompact(db: Db, now: number, graceMs = 3_600_000): Promise<number[]> {
  // Before the store is migrated (a pass due while `migrate` runs), there is nothing to do yet.
  const ready = await db.query("SELECT to_regclass('log_day_compactions') IS NOT NULL AS ok");
  if (!ready.rows[0].ok) return [];
  const { rows } = await db.query<{ day: string }>('SELECT day FROM log_day_compactions');
  const done = new Set(rows.map((r) => Number(r.day)));
  return (await partitionDays(db)).filter((d) => (d + 1) * DAY_MS + graceMs <= now && !done.has(d)).sort((a, b) => a - b);
}

/**
 * Rebuilds the indexes of every closed day not yet rebuilt, one day after another; `shouldStop` is asked
 * between two days. A failed rebuild leaves an invalid copy (`…_ccnew`), dropped before the day's next try.
 */
export async function compactClosedDays(db: Db, now: number, opts: ClosedDayOptions = {}, shouldStop = () => false): Promise<ClosedDayPass> {
  const pass: ClosedDayPass = { days: [], busy: false };
  for (const day of await closedDaysToCompact(db, now, opts.graceMs)) {
    if (shouldStop()) break;
    const outcome = await withRetentionLock(db, async (c) => {
      try {
        await c.query(`SET statement_timeout = ${Math.max(1000, Math.round(opts.statementTimeoutMs ?? 900_000))}`);
        const table = partitionName(day);
        // Retention may have dropped the day since it was listed.
        const exists = await c.query('SELECT 1 FROM pg_class WHERE oid = to_regclass($1)', [table]);
        if (!exists.rowCount) return 'gone' as const;
        const invalid = await c.query<{ name: string }>(
          'SELECT x.indexrelid::regclass::text AS name FROM pg_index x WHERE x.indrelid = to_regclass($1) AND NOT x.indisvalid',
          [table],
        );
        for (const { name } of invalid.rows) await c.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
        const indexes = await c.query<{ name: string }>(
          `SELECT i.inhrelid::regclass::text AS name FROM pg_inherits i JOIN pg_index x ON x.indexrelid = i.inhrelid
           WHERE x.indrelid = to_regclass($1) AND i.inhparent = ANY(ARRAY(SELECT to_regclass(n) FROM unnest($2::text[]) AS n))`,
          [table, REBUILT],
        );
        for (const { name } of indexes.rows) {
          // Takes only a SHARE UPDATE EXCLUSIVE lock (inserts and reads go on); the rebuilt copy keeps it.
          await c.query(`ALTER INDEX ${name} SET (fillfactor = 100)`);
          await c.query(`REINDEX INDEX CONCURRENTLY ${name}`);
        }
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
  /** Stops the timer and waits for the day being rebuilt. */
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
