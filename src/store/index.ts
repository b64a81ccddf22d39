/** Opens the configured store: PostgreSQL when DATABASE_URL is set, else SQLite under the data dir. */
import path from 'node:path';
import type { Config } from '../config.js';
import type { Store } from './types.js';

export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'sqliteSynchronous'> & Partial<Pick<Config, 'sqliteColdAfterHours'>>): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import('./postgres/index.js');
    // Closed days' time indexes are rebuilt full, from 5 minutes after start (closed-days.ts).
    const store = await openPostgresStore({ url: config.databaseUrl, compactClosedDays: true });
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
