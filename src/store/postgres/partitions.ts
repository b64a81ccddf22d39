/** Daily partitions of `logs`, created on demand before rows for a new UTC day are inserted. */
import type { Db } from './db.js';
import { mapError } from './errors.js';

const DAY_MS = 86_400_000;

/** `logs_20261125` for the UTC day holding `day * DAY_MS`; days outside years 0..9999 get a numeric name. */
export function partitionName(day: number): string {
  const iso = new Date(day * DAY_MS).toISOString();
  return /^\d{4}-/.test(iso) ? `logs_${iso.slice(0, 10).replace(/-/g, '')}` : `logs_day_${day < 0 ? 'm' : ''}${Math.abs(day)}`;
}

export class PartitionManager {
  /** Days known to have a partition; a partition dropped behind our back is recovered by `forget()`. */
  private readonly ensured = new Set<number>();

  constructor(private readonly db: Db) {}

  /**
   * Creates the partitions missing for these timestamps (one statement per new day, rarely more than one).
   * Returns the days (ts / 86 400 000) the timestamps fall on.
   */
  async ensureFor(timestamps: Iterable<number>): Promise<Set<number>> {
    const days = new Set<number>();
    for (const ts of timestamps) days.add(Math.floor(ts / DAY_MS));
    for (const day of days) {
      if (this.ensured.has(day)) continue;
      await this.create(day);
      this.ensured.add(day);
    }
    return days;
  }

  forget(): void {
    this.ensured.clear();
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
        if (rows[0]?.mine) await c.query('DELETE FROM log_minutes WHERE minute >= $1 AND minute < $2', [day * 1440, (day + 1) * 1440]);
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
