/**
 * Backup and restore of the embedded SQLite store. A backup uses SQLite's online backup API (better-sqlite3
 * `db.backup()`), which copies one consistent snapshot while the server keeps ingesting: in WAL mode the
 * reader does not block the writer, and SQLite restarts the copy if a write lands between two steps.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { assertSchemaNotNewer } from '../store/schema-version.js';
import { MIGRATIONS } from '../store/sqlite/schema.js';
import { withDataDirExclusive } from './data-dir-lock.js';

export interface SnapshotSummary {
  file: string;
  bytes: number;
  logs: number;
  projects: number;
  schemaVersion: number;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Copies the live database at `dbFile` into `outFile` (never overwritten); verified before it is named. */
export async function backupSqlite(dbFile: string, outFile: string): Promise<SnapshotSummary> {
  if (!fs.existsSync(dbFile)) throw new BackupError(`there is no database at ${dbFile}: check DEVSMITH_DATA_DIR`);
  if (fs.existsSync(outFile)) throw new BackupError(`${outFile} already exists: choose another name (a backup never overwrites)`);
  const partial = `${outFile}.partial`;
  fs.rmSync(partial, { force: true });
  const src = new Database(dbFile, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    // After the first 100 pages, the rest in one step: a long ingest burst cannot keep restarting the copy.
    await src.backup(partial, { progress: () => 1_000_000_000 });
  } finally {
    src.close();
  }
  try {
    const summary = inspect(partial, true);
    fs.renameSync(partial, outFile);
    return { ...summary, file: outFile };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Replaces the data dir's database with the backup at `fromFile`, after checking it. Refuses while a server
 * uses the data dir; the database it replaces is kept beside it as `devsmith.db.before-restore-<time>`.
 */
export async function restoreSqlite(fromFile: string, dataDir: string, dbName = 'devsmith.db'): Promise<SnapshotSummary & { previous: string | null }> {
  if (!fs.existsSync(fromFile)) throw new BackupError(`there is no backup at ${fromFile}`);
  const summary = inspect(fromFile, false);
  return withDataDirExclusive(dataDir, async () => {
    const target = path.join(dataDir, dbName);
    const incoming = `${target}.restoring`;
    fs.rmSync(incoming, { force: true });
    const src = new Database(fromFile, { readonly: true, fileMustExist: true });
    try {
      await src.backup(incoming, { progress: () => 1_000_000_000 });
    } finally {
      src.close();
    }
    inspect(incoming, true);
    let previous: string | null = null;
    if (fs.existsSync(target)) {
      // Folds the WAL into the file, so the copy kept aside is whole on its own.
      const old = new Database(target);
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.pragma('journal_mode = DELETE');
      old.close();
      previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(target, previous);
    }
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(incoming, target);
    return { ...summary, file: target, previous };
  });
}

/** Integrity check, schema version and counts of a database file; `selfContained` also drops its WAL mode. */
function inspect(file: string, selfContained: boolean): Omit<SnapshotSummary, 'file'> & { file: string } {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, readonly: !selfContained });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${(err as Error).message}`);
  }
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${file} failed SQLite's integrity check: ${String(check)}`);
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get();
    if (!hasMigrations) throw new BackupError(`${file} is a SQLite database but not a devsmith one (no schema_migrations table)`);
    const versions = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
    assertSchemaNotNewer(versions, MIGRATIONS, `backup ${file}`);
    if (selfContained) db.pragma('journal_mode = DELETE');
    return {
      file,
      bytes: fs.statSync(file).size,
      logs: db.prepare('SELECT count(*) FROM logs').pluck().get() as number,
      projects: db.prepare('SELECT count(*) FROM projects').pluck().get() as number,
      schemaVersion: Math.max(0, ...versions),
    };
  } finally {
    db.close();
  }
}
