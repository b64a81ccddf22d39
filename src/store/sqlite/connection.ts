import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { textMatches } from '../../search/text.js';
import { assertSchemaNotNewer } from '../schema-version.js';
import { MIGRATIONS } from './schema.js';
import { closeColdReader, registerColdReader } from './cold.js';

export interface SqliteOptions {
  /** Database file path. */
  path: string;
  /** NORMAL (default) survives a process crash; FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  /** WAL frames past which the writer checkpoints between commits (checkpointer.ts); tests make it small. */
  walRestartFrames?: number;
  /**
   * Logs older than this (by arrival) move into compressed blocks (cold.ts); null or absent: never. The
   * server passes DEVSMITH_SQLITE_COLD_AFTER_HOURS.
   */
  coldAfterMs?: number | null;
  /** Tests and benchmarks: logs already old enough go cold right after each commit, before it is answered. */
  coldEager?: boolean;
}

/** Opens a connection with the pragmas every connection needs (WAL, busy timeout). */
export function openConnection(opts: SqliteOptions, readonly = false): Database.Database {
  fs.mkdirSync(path.dirname(opts.path), { recursive: true });
  const db = new Database(opts.path, { readonly: readonly && fs.existsSync(opts.path) });
  // First: the pragmas below may need a lock that another connection holds (a writer thread restarting while
  // a migration or a long write runs); without the timeout they fail at once with SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  // Retention's deletes give space back through incremental vacuum (docs/retention.md). The mode can only be
  // chosen while the file has no table: a database made before this keeps NONE (free pages are reused).
  if (!db.readonly) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536'); // 64 MiB page cache
  db.pragma('temp_store = MEMORY');
  // The text rule of src/search for rows the FTS index has not reached: tokens space-separated, prefix 0/1.
  db.function('devsmith_text_match', { deterministic: true }, (message, tokens, prefix) =>
    textMatches(String(message), String(tokens).split(' '), prefix === 1) ? 1 : 0,
  );
  registerColdReader(db, opts.path);
  return db;
}

/** Closes a connection `openConnection` opened, with the one it reads cold blocks through. */
export function closeConnection(db: Database.Database): void {
  closeColdReader(db);
  db.close();
}

/** Applies pending migrations inside one immediate transaction each; safe to call repeatedly. */
export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
  assertSchemaNotNewer(applied, MIGRATIONS, `SQLite database ${db.name}`);
  for (const m of MIGRATIONS) {
    const apply = db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (done) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    });
    apply.immediate();
  }
}
