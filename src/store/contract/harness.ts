/**
 * Backends for the contract suite: each `fresh()` gives an empty, migrated store of its own, so cases
 * never see each other's rows. PostgreSQL runs get one uniquely named database per run (dropped at the
 * end) and one schema per store inside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { LogRow, Store } from '../types.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** The suite's title when it differs from the name (SQLite with every log cold, PostgreSQL in blocks). */
  label?: string;
  /**
   * A new empty store, already migrated; closed by `cleanup()`. `poolSize`: PostgreSQL connections (4 unless a
   * case needs more: idle ones stay open 30 s, and the suite opens dozens of stores against max_connections 100).
   */
  fresh(opts?: { poolSize?: number }): Promise<Store>;
  cleanup(): Promise<void>;
}

/**
 * The SQLite store is loaded lazily: the suite still runs against PostgreSQL if it does not load. `cold`:
 * every log moves into a compressed block right after its commit (cold.ts), so every case reads cold rows.
 */
export function sqliteBackend(cold = false): Backend {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-contract-'));
  const stores: Store[] = [];
  let n = 0;
  return {
    name: 'sqlite',
    label: cold ? 'sqlite, every log cold' : undefined,
    async fresh() {
      const { openSqliteStore } = await import('../sqlite/index.js');
      const store = await openSqliteStore({ path: path.join(dir, `store-${++n}.db`), ...(cold ? { coldAfterMs: 0, coldEager: true } : {}) });
      stores.push(store);
      await store.migrate();
      return store;
    },
    async cleanup() {
      await Promise.allSettled(stores.map((s) => s.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PostgresBackend extends Backend {
  /** The URL of a new empty schema in the run's database (nothing migrated), for PostgreSQL-only cases. */
  emptySchemaUrl(): Promise<string>;
}

/** `blocks`: every log moves into a block right after its commit (log-blocks.ts), so every case reads blocks. */
export function postgresBackend(adminUrl: string, blocks = false): PostgresBackend {
  const dbName = `devsmith_contract_${process.pid}_${Date.now().toString(36)}`;
  const runUrl = new URL(adminUrl);
  runUrl.pathname = `/${dbName}`;
  const stores: Store[] = [];
  let created = false;
  let n = 0;

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  async function emptySchemaUrl(): Promise<string> {
    if (!created) {
      await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
      created = true;
    }
    const schema = `store_${++n}`;
    const c = new pg.Client({ connectionString: runUrl.href });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    const url = new URL(runUrl.href);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.href;
  }

  return {
    name: 'postgres',
    label: blocks ? 'postgres, every log in blocks' : undefined,
    emptySchemaUrl,
    async fresh(opts) {
      const { openPostgresStore } = await import('../postgres/index.js');
      const store = await openPostgresStore({ url: await emptySchemaUrl(), poolSize: opts?.poolSize ?? 4, everyLogInBlocks: blocks });
      stores.push(store);
      await store.migrate();
      return store;
    },
    async cleanup() {
      await Promise.allSettled(stores.map((s) => s.close()));
      if (created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    },
  };
}

let seq = 0;
/** A unique string per call, for emails, slugs and key hashes. */
export function unique(prefix: string): string {
  return `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A log row with sensible defaults; override what the case is about. */
export function row(projectId: number, over: Partial<LogRow> = {}): LogRow {
  return {
    projectId,
    ts: Date.UTC(2026, 10, 25, 10, 0, 0),
    receivedAt: Date.UTC(2026, 10, 25, 10, 0, 1),
    level: 'INFO',
    service: 'api',
    message: 'hello world',
    context: '{}',
    environment: null,
    version: null,
    host: null,
    traceId: null,
    spanId: null,
    ...over,
  };
}

/** A store with one user and one project: the starting point of most log cases. */
export async function withProject(store: Store, slug = 'app'): Promise<{ userId: number; projectId: number }> {
  const user = await store.createUser({ email: unique('u') + '@example.com', name: 'U', role: 'member', passwordHash: 'x' });
  const project = await store.createProject(
    { ownerId: user.id, name: slug, slug, description: '', repositoryUrl: null, rateLimitPerMinute: null },
    unique('hash'),
    'dsk_test',
  );
  return { userId: user.id, projectId: project.id };
}
