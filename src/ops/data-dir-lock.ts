/**
 * Who is using a SQLite data dir, told by file locks the kernel drops when a process dies (so a killed server
 * never leaves a stale lock behind, in a container or not). The lock file is a tiny SQLite database in the
 * rollback-journal mode: a server holds a SHARED lock on it for its lifetime (several servers may), and a
 * restore takes the EXCLUSIVE lock, which it gets only when no server holds the data dir.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'devsmith.lock';

export class DataDirBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirBusyError';
  }
}

function openLock(dataDir: string, busyMs: number): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, LOCK_FILE));
  db.pragma('journal_mode = DELETE');
  db.pragma(`busy_timeout = ${busyMs}`);
  db.exec('CREATE TABLE IF NOT EXISTS holder (kind TEXT)');
  return db;
}

function isBusy(err: unknown): boolean {
  return typeof err === 'object' && err !== null && /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: string }).code));
}

/** A server's hold on its data dir, until `release()` or the process ends. Fails while a restore runs. */
export function holdDataDir(dataDir: string): { release(): void } {
  let db: Database.Database | undefined;
  try {
    db = openLock(dataDir, 10_000);
    // A deferred read transaction keeps its SHARED lock until it ends: the hold.
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM holder').get();
  } catch (err) {
    db?.close();
    if (isBusy(err)) throw new DataDirBusyError(`a restore into ${dataDir} is running: start the server when it has finished`);
    throw err;
  }
  const held = db;
  return { release: () => held.close() };
}

/** Runs `fn` while no server (nor other restore) can use the data dir; refuses at once when one does. */
export async function withDataDirExclusive<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  let db: Database.Database;
  try {
    db = openLock(dataDir, 0);
  } catch (err) {
    if (isBusy(err)) throw new DataDirBusyError(`another restore into ${dataDir} is running`);
    throw err;
  }
  try {
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      if (isBusy(err)) {
        throw new DataDirBusyError(
          `a devsmith server is using ${dataDir}: stop it first (docker compose stop app, or systemctl stop devsmith), then restore`,
        );
      }
      throw err;
    }
    try {
      return await fn();
    } finally {
      db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
}
