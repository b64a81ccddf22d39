/**
 * Search-language benchmark: parse + compile time of typical queries, then, on N bulk-loaded logs (default
 * 1 million; the issue's figure is 10 million) in the store selected by DATABASE_URL (SQLite otherwise),
 * the newest 100 and the count over 24 h of a 3-clause boolean query with a field comparison and of
 * phrase queries, through the Store (the API adds only its own few milliseconds). Medians of several runs.
 * Run `npm run bench:search -- --help`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseFilter } from '../src/query/params.js';
import { parseQuery } from '../src/search/index.js';
import { Params, buildWhere as pgWhere } from '../src/store/postgres/filters.js';
import { buildWhere as sqliteWhere } from '../src/store/sqlite/filters.js';
import type { LogFilter } from '../src/store/types.js';
import { tempDir } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad, waitForSqliteFts } from './lib/bulk-load.js';
import { createTempDatabase } from './lib/pg.js';
import { makeCold, moveClosedDays } from './lib/make-cold.js';

const HELP = `npm run bench:search -- [--logs 1000000] [--runs 7] [--days 7] [--cold]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE).
--cold: every log stored as old logs are, before the searches. SQLite: moved into compressed blocks
(src/store/sqlite/cold.ts). PostgreSQL: every day moved into blocks (src/store/postgres/closed-days.ts).`;
const args = flags({ logs: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '7' }, days: { type: 'string', default: '7' }, cold: { type: 'boolean', default: false } }, HELP);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);
const adminUrl = process.env.DATABASE_URL || null;
const kind = adminUrl ? 'postgres' : 'sqlite';

const BOOLEAN = 'level:>=warn (payment OR upstream) ctx.duration_ms:>1000';
const QUERIES: Array<[string, string, string]> = [
  ['3-clause boolean + comparison', BOOLEAN, '< 150 ms'],
  ['boolean, service, status range', 'service:checkout -level:debug ctx.http.status:[500 TO 599]', ''],
  ['phrase "card declined"', '"card declined"', '< 200 ms'],
  ['phrase "replication lag" + level', '"replication lag" level:info', '< 200 ms'],
  ['wildcard ctx.user_id:user_42*', 'ctx.user_id:user_42*', ''],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function parseCompile(): void {
  const texts = [...QUERIES.map((q) => q[1]), 'error OR warn -stripe', '(a OR b) -(c d) ctx.a.b:[1 TO 2] has:ctx.x service:api-*'];
  const rounds = 20_000;
  for (const [name, compile] of [
    ['sqlite', (f: LogFilter) => sqliteWhere(f, 1_000_000)],
    ['postgres', (f: LogFilter) => pgWhere(f, new Params())],
  ] as const) {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      const q = texts[i % texts.length]!;
      const { projects: _, ...f } = parseFilter({ q, from: 'now-24h', to: 'now' });
      compile({ ...f, projectIds: [1] });
    }
    console.log(`parse + compile (${name}): ${fmt(((performance.now() - t0) * 1000) / rounds, 1)} µs per query (target < 1 ms)`);
  }
}

parseCompile();
const db = adminUrl ? await createTempDatabase(adminUrl, 'devsmith_sbench') : null;
const dataDir = tempDir('devsmith-sbench-');
try {
  const { openStore } = await import('../src/store/index.js');
  // PostgreSQL: days are moved by --cold only, not by the server's timer in the middle of a long load.
  let store = await openStore({ databaseUrl: db?.url ?? null, dataDir, sqliteSynchronous: 'NORMAL', compactClosedDays: false });
  await store.migrate();
  const user = await store.createUser({ email: 'bench@example.com', name: 'Bench', role: 'admin', passwordHash: 'x' });
  const project = await store.createProject({ ownerId: user.id, name: 'Bench', slug: 'bench', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'bench-hash', 'dsk_bench');
  console.log(`search benchmark: store ${kind}, ${fmt(n)} logs over ${args.days} days in one project, medians of ${runs} runs`);
  const rate = await bulkLoad(store, project.id, n, positiveNumber('days', args.days));
  console.log(`loaded ${fmt(n)} logs at ${fmt(rate)} rows/s through insertLogs`);
  if (kind === 'sqlite') {
    console.log(`FTS index caught up ${fmt((await waitForSqliteFts(path.join(dataDir, 'devsmith.db'))) / 1000, 1)} s after the last insert`);
    if (args.cold) {
      await store.close();
      makeCold(path.join(dataDir, 'devsmith.db'));
      store = await openStore({ databaseUrl: null, dataDir, sqliteSynchronous: 'NORMAL' });
    }
  } else {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: db!.url });
    await c.connect();
    if (args.cold) {
      // Every day as once it is over: moved into blocks (src/store/postgres/closed-days.ts).
      const pass = await moveClosedDays(db!.url, Date.now() + 30 * 86_400_000);
      console.log(`${pass.days.length} days moved into blocks in ${fmt(pass.ms / 1000, 1)} s`);
    }
    await c.query('VACUUM ANALYZE logs');
    await c.query('VACUUM ANALYZE log_blocks');
    await c.end();
  }
  const now = Date.now();
  const time = async (fn: () => Promise<unknown>) => {
    await fn(); // warm-up
    const times: number[] = [];
    let result: unknown;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      result = await fn();
      times.push(performance.now() - t0);
    }
    return { ms: median(times), result };
  };
  console.log(`${'query'.padEnd(36)} ${'newest 100'.padStart(11)} ${'count 24 h'.padStart(11)}  ${'rows / count'.padEnd(16)} target (newest 100)`);
  for (const [name, q, target] of QUERIES) {
    const query = parseQuery(q);
    const list = await time(() => store.queryLogs({ projectIds: [project.id], query, limit: 100 }));
    const count = await time(() => store.countLogs({ projectIds: [project.id], query, from: now - 86_400_000, to: now }));
    const rows = (list.result as { data: unknown[] }).data.length;
    console.log(`${name.padEnd(36)} ${fmt(list.ms, 1).padStart(8)} ms ${fmt(count.ms, 1).padStart(8)} ms  ${`${rows} / ${fmt(count.result as number)}`.padEnd(16)} ${target}`);
  }
  await store.close();
} finally {
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
