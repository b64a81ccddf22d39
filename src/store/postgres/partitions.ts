/** Daily partitions of `logs`, created on demand before rows for a new UTC day are inserted. */
import { deletePerfDay } from './perf.js';
import type { Db } from './db.js';
import { StoreUnavailableError } from '../types.js';
import { mapError } from './errors.js';
import { partitionDays } from './rollups.js';

export const DAY_MS = 86_400_000;

/** `logs_20261125` for the UTC day holding `day * DAY_MS`; days outside years 0..9999 get a numeric name. */
export function partitionName(day: number): string {
  const iso = new Date(day * DAY_MS).toISOString();
  return /^\d{4}-/.test(iso) ? `logs_${iso.slice(0, 10).replace(/-/g, '')}` : `logs_day_${day < 0 ? 'm' : ''}${Math.abs(day)}`;
}

/**
 * At most this many day partitions are created for one ingest write (commitBatches). Each costs 15-45 ms
 * of DDL under a lock on `logs`, and every partition adds planning and index-probe work to each query not
 * bounded in time, so a request must not be able to create thousands (issue 9: 2,000 past days made every
 * query take 20 s). Ingest already files entries older than DEVSMITH_MAX_PAST_AGE_DAYS at receive time, so
 * one request spans at most that many days plus two (32 by default) and meets this bound only when that
 * setting (or DEVSMITH_MAX_FUTURE_SKEW_SECONDS) is raised. The bulk path (insertLogs: imports, benchmarks)
 * is the operator's and is not bounded.
 */
export const MAX_NEW_PARTITIONS_PER_WRITE = 32;

export class PartitionManager {
  /** Days known to have a partition; null until loaded from the catalog (again after `forget()`). */
  private ensured: Set<number> | null = null;

  constructor(private readonly db: Db) {}

  /**
   * Creates the partitions missing for these timestamps (one statement per new day, rarely more than one).
   * Returns the days (ts / 86 400 000) the timestamps fall on. Past `maxNew` it creates that many (the
   * newest days first), then fails the write with StoreUnavailableError before any row is written: the
   * client is told to retry (503), no acknowledged log goes missing, and each retry creates the next slice
   * of days until the write fits.
   */
  async ensureFor(timestamps: Iterable<number>, maxNew = Infinity): Promise<Set<number>> {
    const days = new Set<number>();
    for (const ts of timestamps) days.add(Math.floor(ts / DAY_MS));
    const ensured = (this.ensured ??= new Set(await partitionDays(this.db)));
    const missing = [...days].filter((d) => !ensured.has(d)).sort((a, b) => b - a);
    for (const day of missing.slice(0, maxNew)) {
      await this.create(day);
      ensured.add(day);
    }
    if (missing.length > maxNew) {
      throw new StoreUnavailableError(`one write needs ${missing.length} new day partitions; created ${maxNew}, the rest on retry`);
    }
    return days;
  }

  forget(): void {
    this.ensured = null;
  }

  private async create(day: number): Promise<void> {
    const name = partitionName(day);
    const sql = `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF logs FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`;
    await this.db.withClient(async (c) => {
      // The DDL locks the parent table: never queue behind a long query for ever.
      await c.query("SET lock_timeout = '10s'");
      try {
        await c.query('BEGIN');
        await c.query(sql);
        // A partition this transaction created is empty: per-minute counts left from an earlier partition of
        // the same day (dropped by retention) go, in the same transaction, so counts never outlive rows.
        const { rows } = await c.query(
          'SELECT xmin::text = (txid_current() % 4294967296)::text AS mine FROM pg_class WHERE oid = to_regclass($1)',
          [name],
        );
        if (rows[0]?.mine) {
          await c.query('DELETE FROM log_minutes WHERE minute >= $1 AND minute < $2', [day * 1440, (day + 1) * 1440]);
          await deletePerfDay(c, day, null);
          await c.query('DELETE FROM log_day_compactions WHERE day = $1', [day]);
        }
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        // Two instances creating the same day at once: the loser sees a duplicate catalog row.
        const code = (err as { code?: string }).code;
        if (code !== '42P07' && code !== '23505') mapError(err);
      } finally {
        await c.query('RESET lock_timeout').catch(() => {});
      }
    });
  }
}
