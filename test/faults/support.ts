/**
 * Shared pieces of the fault tests: the store backends to run against (PostgreSQL only with
 * TEST_DATABASE_URL, skipped loudly otherwise), a load client that remembers exactly which tagged entries
 * were acknowledged with a 2xx, and a reader of the tags actually stored.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { runLoad, type LoadResult } from '../../bench/lib/load.js';
import { entry, rng } from '../../bench/lib/logs.js';
import { createTempDatabase } from '../../bench/lib/pg.js';
import { tempDir } from '../helpers/server.js';

export const PG_URL = process.env.TEST_DATABASE_URL;
export const PG_MISSING = 'PostgreSQL fault tests NOT RUN: set TEST_DATABASE_URL (npm run test:all does)';

/** Where a test server keeps its logs: a data dir (SQLite) or a throwaway database (PostgreSQL). */
export interface Backend {
  name: 'sqlite' | 'postgres';
  env: Record<string, string>;
  dataDir: string;
  /** Every `tag` stored in the logs table. */
  storedTags(): Promise<Set<string>>;
  dispose(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
  const dataDir = tempDir('devsmith-fault-');
  return {
    name: 'sqlite',
    env: {},
    dataDir,
    async storedTags() {
      const db = new Database(path.join(dataDir, 'devsmith.db'), { readonly: true });
      try {
        const rows = db.prepare("SELECT json_extract(context, '$.tag') AS tag FROM logs").all() as Array<{ tag: string | null }>;
        return new Set(rows.map((r) => r.tag).filter((t): t is string => t !== null));
      } finally {
        db.close();
      }
    },
    async dispose() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postgresBackend(adminUrl = PG_URL!): Promise<Backend> {
  const db = await createTempDatabase(adminUrl, 'devsmith_fault');
  const dataDir = tempDir('devsmith-fault-');
  return {
    name: 'postgres',
    env: { DATABASE_URL: db.url },
    dataDir,
    async storedTags() {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const { rows } = await c.query("SELECT context->>'tag' AS tag FROM logs WHERE context ? 'tag'");
        return new Set(rows.map((r) => r.tag as string));
      } finally {
        await c.end();
      }
    },
    async dispose() {
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Server settings for the fault tests: no rate limit in the way, quiet logs. */
export const SERVER_ENV = { DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' };

/**
 * Load whose every entry carries a unique tag (`<prefix>-<request>-<entry>`) in its context and message;
 * `acked` holds the tags of every entry whose request was answered 2xx.
 */
export class TaggedLoad {
  readonly acked = new Set<string>();
  readonly statuses: Array<{ status: number; retryAfter: string | undefined; at: number }> = [];
  readonly errors: string[] = [];

  constructor(private readonly prefix: string, private readonly batchSize = 50) {}

  private body(n: number): Buffer {
    const r = rng(n + 1);
    const logs = Array.from({ length: this.batchSize }, (_, i) => {
      const e = entry(r, `${this.prefix}-${n}-${i}`);
      return { level: e.level, message: e.message, context: e.context };
    });
    return Buffer.from(JSON.stringify({ service_name: 'faults', logs }));
  }

  run(url: string, apiKey: string, opts: { concurrency: number; durationMs: number; signal?: AbortSignal; timeoutMs?: number }): Promise<LoadResult> {
    return runLoad({
      url,
      path: '/api/logs/batch',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      bodies: (n) => this.body(n),
      concurrency: opts.concurrency,
      durationMs: opts.durationMs,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      onResponse: (status, n, _body, headers) => {
        this.statuses.push({ status, retryAfter: headers['retry-after'] as string | undefined, at: performance.now() });
        if (status >= 200 && status < 300) for (let i = 0; i < this.batchSize; i++) this.acked.add(`${this.prefix}-${n}-${i}`);
      },
      onError: (err) => this.errors.push(err.message),
    });
  }
}

/** The acknowledged tags that are not stored (empty when nothing acknowledged was lost). */
export function missing(acked: Set<string>, stored: Set<string>): string[] {
  return [...acked].filter((t) => !stored.has(t));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
