/**
 * Stores for the archive tests with a raw connection beside them, to delete a day the way retention will
 * (rows, their per-minute counts and, on SQLite, their FTS entries) until retention's own deletion is merged.
 */
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { buildApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/config.js';
import { postgresBackend } from '../../src/store/contract/harness.js';
import { partitionName } from '../../src/store/postgres/partitions.js';
import type { Store } from '../../src/store/types.js';
import { tempDir } from '../helpers/server.js';

const DAY = 86_400_000;

export interface ArchiveBackend {
  name: 'sqlite' | 'postgres';
  /** A new app on a new store of this backend, with the given environment. */
  app(env: Record<string, string>): Promise<App>;
  /** Waits until background indexing has caught up (SQLite's FTS), so deletions reach indexed rows. */
  settle(): Promise<void>;
  deleteDay(projectId: number, dayStart: number): Promise<void>;
  cleanup(): Promise<void>;
}

const config = (env: Record<string, string>) => loadConfig({ DEVSMITH_DATA_DIR: tempDir(), LOG_LEVEL: 'silent', DEVSMITH_WEB_DIR: '/nonexistent', ...env });

function sqlite(): ArchiveBackend {
  let raw: Database.Database | null = null;
  return {
    name: 'sqlite',
    async app(env) {
      const { openSqliteStore } = await import('../../src/store/sqlite/index.js');
      const file = path.join(tempDir(), 'devsmith.db');
      const store: Store = await openSqliteStore({ path: file });
      raw = new Database(file);
      raw.pragma('busy_timeout = 5000');
      return buildApp(config(env), { store });
    },
    async settle() {
      for (let i = 0; i < 200; i++) {
        const r = raw!.prepare("SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_upto') AS upto, (SELECT MAX(id) FROM logs) AS max").get() as { upto: number; max: number };
        if (r.upto >= r.max) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('the FTS index did not catch up');
    },
    async deleteDay(projectId, dayStart) {
      const db = raw!;
      const args = [projectId, dayStart, dayStart + DAY];
      db.transaction(() => {
        db.prepare(
          `INSERT INTO logs_fts (logs_fts, rowid, message) SELECT 'delete', id, message FROM logs
           WHERE project_id = ? AND ts >= ? AND ts < ? AND id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_upto')`,
        ).run(...args);
        db.prepare('DELETE FROM logs WHERE project_id = ? AND ts >= ? AND ts < ?').run(...args);
        db.prepare('DELETE FROM log_minutes WHERE project_id = ? AND minute >= ? AND minute < ?').run(projectId, dayStart / 60_000, (dayStart + DAY) / 60_000);
      }).immediate();
    },
    async cleanup() {
      raw?.close();
    },
  };
}

function postgres(adminUrl: string): ArchiveBackend {
  const backend = postgresBackend(adminUrl);
  let raw: pg.Client | null = null;
  let store: Store | null = null;
  return {
    name: 'postgres',
    async app(env) {
      const url = await backend.emptySchemaUrl();
      const { openPostgresStore } = await import('../../src/store/postgres/index.js');
      store = await openPostgresStore({ url, poolSize: 8 });
      await store.migrate();
      raw = new pg.Client({ connectionString: url });
      await raw.connect();
      return buildApp(config(env), { store });
    },
    async settle() {},
    // As retention does on PostgreSQL: the whole day partition goes (the tests keep one project per store).
    // The store's partition cache still lists it, as it would when another instance dropped it.
    async deleteDay(projectId, dayStart) {
      const others = await raw!.query('SELECT 1 FROM logs WHERE project_id <> $1 AND ts >= $2 AND ts < $3 LIMIT 1', [projectId, dayStart, dayStart + DAY]);
      if (others.rows.length) throw new Error('the day holds other projects\' logs: this helper drops the whole partition');
      await raw!.query(`DROP TABLE ${partitionName(dayStart / DAY)}`);
      await raw!.query('DELETE FROM log_minutes WHERE project_id = $1 AND minute >= $2 AND minute < $3', [projectId, dayStart / 60_000, (dayStart + DAY) / 60_000]);
    },
    async cleanup() {
      await raw?.end();
      await backend.cleanup();
    },
  };
}

export function archiveBackends(): ArchiveBackend[] {
  const list = [sqlite()];
  if (process.env.TEST_DATABASE_URL) list.push(postgres(process.env.TEST_DATABASE_URL));
  else test('PostgreSQL archive tests', (t) => t.skip('PostgreSQL archive tests NOT RUN: set TEST_DATABASE_URL (npm run test:all does)'));
  return list;
}
