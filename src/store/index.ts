/** Opens the configured store: PostgreSQL when DATABASE_URL is set, else SQLite under the data dir. */
import path from 'node:path';
import type { Config } from '../config.js';
import type { Store } from './types.js';

/**
 * `compactClosedDays` (PostgreSQL, default true): move days over for `pgColdAfterHours` (24 by default; 0
 * never) into compressed blocks, from 5 minutes after the start (postgres/closed-days.ts); a benchmark that
 * must measure either state turns it off.
 */
export async function openStore(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'sqliteSynchronous'> & Partial<Pick<Config, 'sqliteColdAfterHours' | 'pgColdAfterHours'>> & { compactClosedDays?: boolean },
): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import('./postgres/index.js');
    const hours = config.pgColdAfterHours; // undefined: the pass's own default
    const compactClosedDays = config.compactClosedDays === false || hours === 0 ? false : hours === undefined ? true : { graceMs: hours * 3_600_000 };
    const store = await openPostgresStore({ url: config.databaseUrl, compactClosedDays });
    await store.migrate();
    return store;
  }
  const { openSqliteStore } = await import('./sqlite/index.js');
  const coldHours = config.sqliteColdAfterHours ?? 0; // tools that open the store briefly leave rows as they are
  return openSqliteStore({ path: sqliteFile(config.dataDir), synchronous: config.sqliteSynchronous, coldAfterMs: coldHours > 0 ? coldHours * 3_600_000 : null });
}

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'devsmith.db');
}
