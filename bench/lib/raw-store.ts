/**
 * The "no HTTP" reference: the same rows written straight through the Store's `commitBatches`, grouped the
 * way the server's group commit groups concurrent requests, with the server's writer concurrency
 * (2 on SQLite so that the next group is encoded while one commits, 4 on PostgreSQL). Its rate is the ceiling the store puts on ingestion.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LogRow, Store, WriteBatch } from '../../src/store/types.js';
import { createTempDatabase, type TempDatabase } from './pg.js';

export interface OpenedStore {
  store: Store;
  /** PostgreSQL: the throwaway database's URL (to change its schema in an experiment). */
  url?: string;
  /** SQLite: the database file. */
  path?: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated store of the given kind on a temporary data dir or database. */
export async function openFreshStore(kind: 'sqlite' | 'postgres', opts: { adminUrl?: string; synchronous?: 'NORMAL' | 'FULL' }): Promise<OpenedStore> {
  if (kind === 'sqlite') {
    const { openSqliteStore } = await import('../../src/store/sqlite/index.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-bench-'));
    const file = path.join(dir, 'devsmith.db');
    const store = await openSqliteStore({ path: file, synchronous: opts.synchronous });
    return {
      store,
      path: file,
      async dispose() {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { openPostgresStore } = await import('../../src/store/postgres/index.js');
  const db: TempDatabase = await createTempDatabase(opts.adminUrl!, 'devsmith_bench');
  const store = await openPostgresStore({ url: db.url });
  await store.migrate();
  return {
    store,
    url: db.url,
    async dispose() {
      await store.close();
      await db.drop();
    },
  };
}

/**
 * Writes groups of `batchesPerGroup` batches of `batchSize` rows for `durationMs`; returns rows per second.
 * `settle`, when given, is awaited before the clock stops: work the store deferred (SQLite's FTS indexing)
 * is then paid by the phase that caused it, not by the next one.
 */
export async function rawInsertRate(
  store: Store,
  pool: LogRow[],
  opts: { batchSize: number; batchesPerGroup: number; parallel: number; durationMs: number; settle?: () => Promise<void> },
): Promise<{ rowsPerSec: number; rows: number; commits: number }> {
  let offset = 0;
  const nextBatch = (): WriteBatch => {
    if (offset + opts.batchSize > pool.length) offset = 0;
    const rows = pool.slice(offset, offset + opts.batchSize);
    offset += opts.batchSize;
    return { rows };
  };
  let rows = 0;
  let commits = 0;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.parallel }, async () => {
      while (performance.now() < end) {
        const group = Array.from({ length: opts.batchesPerGroup }, nextBatch);
        await store.commitBatches(group);
        rows += group.length * opts.batchSize;
        commits++;
      }
    }),
  );
  await opts.settle?.();
  const seconds = (performance.now() - t0) / 1000;
  return { rowsPerSec: rows / seconds, rows, commits };
}

/**
 * SQLite: resolves once the work a phase deferred is done: the writer's FTS indexer has reached the last stored
 * row (it indexes between commits) and the WAL is checkpointed into the database file (the checkpointer thread
 * copies it behind the writer). A phase that stops its clock before leaves that work to whatever runs next:
 * measured alternating, the phase that ran first in a pair was up to 35 % faster, whichever it was.
 */
export async function sqliteSettled(file: string, pollMs = 10): Promise<void> {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    const upto = db.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_upto'").pluck();
    const max = db.prepare('SELECT COALESCE(MAX(id), 0) FROM logs').pluck();
    while ((upto.get() as number) < (max.get() as number)) await new Promise((r) => setTimeout(r, pollMs));
    db.pragma('wal_checkpoint(RESTART)');
  } finally {
    db.close();
  }
}
