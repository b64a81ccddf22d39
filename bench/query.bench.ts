/**
 * Query benchmark: bulk-loads N logs (default 10 million) through the Store's bulk path into a project of
 * the real server's data (SQLite by default, PostgreSQL when DATABASE_URL is set), restarts the server and
 * times the dashboard's queries over HTTP (medians of several runs), then the delay from an acknowledged
 * write to the log being found by text search and delivered by live tail, under a background ingest load.
 * Run `npm run bench:query -- --help`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bootstrap, startServer, tempDir, type RunningServer } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad, waitForSqliteFts } from './lib/bulk-load.js';
import { measureDelays } from './lib/delays.js';
import { COMMON_WORD, RARE_WORD } from './lib/logs.js';
import { moveClosedDays } from './lib/make-cold.js';
import { createTempDatabase } from './lib/pg.js';

const HELP = `npm run bench:query -- [--logs 10000000] [--runs 7] [--days 7] [--probes 20] [--background-rate 20000] [--cold | --cold-all]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE).
--cold (PostgreSQL): the days over for 24 h moved into blocks first, as the server's closed-day pass does
(src/store/postgres/closed-days.ts, DEVSMITH_PG_COLD_AFTER_HOURS): 5 of 7 days; the last 24 to 48 h stay rows.
--cold-all (PostgreSQL): every day moved, the last 24 h included: the worst case, the queries over 24 h read
blocks.`;
const args = flags(
  {
    logs: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '7' },
    days: { type: 'string', default: '7' },
    probes: { type: 'string', default: '20' },
    'background-rate': { type: 'string', default: '20000' },
    cold: { type: 'boolean', default: false },
    'cold-all': { type: 'boolean', default: false },
  },
  HELP,
);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);
const adminUrl = process.env.DATABASE_URL || null;
const kind = adminUrl ? 'postgres' : 'sqlite';
if ((args.cold || args['cold-all']) && kind !== 'postgres') {
  console.error('--cold is for PostgreSQL (set DATABASE_URL); SQLite compresses logs older than DEVSMITH_SQLITE_COLD_AFTER_HOURS itself');
  process.exit(2);
}

const db = adminUrl ? await createTempDatabase(adminUrl, 'devsmith_qbench') : null;
const dataDir = tempDir('devsmith-qbench-');
const env = { LOG_LEVEL: 'warn', DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000000', ...(db ? { DATABASE_URL: db.url } : {}) };
let server: RunningServer | null = null;

try {
  console.log(`query benchmark: store ${kind}, ${fmt(n)} logs over ${args.days} days in one project, medians of ${runs} runs`);
  // 1. The server creates the admin and the project; then it stops and the store is loaded directly.
  server = await startServer({ env, dataDir });
  const { cookie, apiKey, project } = await bootstrap(server.url, 'Query bench');
  await server.stop();
  server = null;

  const { openStore } = await import('../src/store/index.js');
  const store = await openStore({ databaseUrl: db?.url ?? null, dataDir, sqliteSynchronous: 'NORMAL', compactClosedDays: false });
  const rate = await bulkLoad(store, project.id, n, positiveNumber('days', args.days));
  console.log(`loaded ${fmt(n)} logs at ${fmt(rate)} rows/s through insertLogs`);
  if (kind === 'sqlite') {
    const waited = await waitForSqliteFts(path.join(dataDir, 'devsmith.db'));
    console.log(`FTS index caught up ${fmt(waited / 1000, 1)} s after the last insert`);
  } else {
    const t0 = performance.now();
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: db!.url });
    await c.connect();
    await c.query('VACUUM ANALYZE logs');
    console.log(`VACUUM ANALYZE took ${fmt((performance.now() - t0) / 1000, 1)} s`);
    if (args.cold || args['cold-all']) {
      const moved = await moveClosedDays(db!.url, args['cold-all'] ? Date.now() + 30 * 86_400_000 : Date.now());
      await c.query('VACUUM ANALYZE log_blocks');
      const { rows } = await c.query('SELECT (SELECT count(*) FROM logs) AS rows, (SELECT coalesce(sum(n), 0) FROM log_blocks) AS blocked');
      console.log(`${moved.days.length} days over moved into blocks in ${fmt(moved.ms / 1000, 1)} s: ${fmt(Number(rows[0].blocked))} logs in blocks, ${fmt(Number(rows[0].rows))} rows`);
    }
    await c.end();
  }
  await store.close();

  // 2. The real server on the loaded data answers the dashboard's queries.
  server = await startServer({ env, dataDir });
  const get = async (query: string): Promise<{ ms: number; body: any }> => {
    const t0 = performance.now();
    const res = await fetch(`${server!.url}${query}`, { headers: { cookie } });
    const body = await res.json();
    if (!res.ok) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t0, body };
  };
  const now = Date.now();
  const p = `project=${project.id}`;
  const day = `from=${now - 86_400_000}&to=${now}`;
  // A cursor deep in the data: walk 50 pages, then time the next one.
  let cursor = '';
  for (let i = 0; i < 50; i++) cursor = (await get(`/api/logs?${p}&limit=100${cursor ? `&cursor=${cursor}` : ''}`)).body.next_cursor;
  const queries: Array<[string, string, string]> = [
    ['newest 100, project + service', `/api/logs?${p}&service=checkout&limit=100`, '< 10 ms'],
    ['newest 100, project', `/api/logs?${p}&limit=100`, ''],
    ['counts by level, last hour', `/api/logs/histogram?${p}&from=${now - 3_600_000}&to=${now}&interval=1d`, ''],
    ['histogram 24 h', `/api/logs/histogram?${p}&${day}`, '< 300 ms'],
    [`text rare "${RARE_WORD}", newest 100`, `/api/logs?${p}&q=${RARE_WORD}&limit=100`, '< 100 ms'],
    [`text common "${COMMON_WORD}", newest 100`, `/api/logs?${p}&q=${COMMON_WORD}&limit=100`, '< 100 ms'],
    [`text rare, count 24 h`, `/api/logs/count?${p}&q=${RARE_WORD}&${day}`, '< 500 ms'],
    [`text common, count 24 h`, `/api/logs/count?${p}&q=${COMMON_WORD}&${day}`, '< 500 ms'],
    ['context user_id = user_4242', `/api/logs?${p}&ctx.user_id=user_4242&limit=100`, ''],
    ['context, last 24 h', `/api/logs?${p}&ctx.user_id=user_4242&${day}&limit=100`, ''],
    ['deep page (cursor at 5,000)', `/api/logs?${p}&limit=100&cursor=${cursor}`, ''],
    ['services of the project', `/api/logs/services?${p}`, ''],
  ];
  console.log(`${'query'.padEnd(34)} ${'median'.padStart(10)} ${'min'.padStart(9)} ${'max'.padStart(9)}  result        target`);
  for (const [name, query, target] of queries) {
    const times: number[] = [];
    let summary = '';
    await get(query); // warm-up
    for (let i = 0; i < runs; i++) {
      const { ms, body } = await get(query);
      times.push(ms);
      summary = 'count' in body ? `count ${fmt(body.count)}` : 'buckets' in body ? `${body.buckets.length} buckets` : `${body.data.length} rows`;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`${name.padEnd(34)} ${fmt(median, 1).padStart(7)} ms ${fmt(times[0]!, 1).padStart(6)} ms ${fmt(times.at(-1)!, 1).padStart(6)} ms  ${summary.padEnd(13)} ${target}`);
  }

  // 3. Delays from acknowledgement to search and live tail, while a background load keeps ingesting.
  const delays = await measureDelays({
    url: server.url,
    cookie,
    apiKey,
    projectId: project.id,
    probes: positiveNumber('probes', args.probes),
    backgroundLogsPerSec: Number(args['background-rate']),
  });
  console.log(`background ingest during the probes: ${fmt(delays.backgroundLogsPerSec)} logs/s`);
  console.log(`ack -> searchable by text: median ${fmt(delays.search.median)} ms, p95 ${fmt(delays.search.p95)} ms, max ${fmt(delays.search.max)} ms (target < 5 s)`);
  console.log(`ack -> live tail delivery: median ${fmt(delays.tail.median)} ms, p95 ${fmt(delays.tail.p95)} ms, max ${fmt(delays.tail.max)} ms (target p95 < 1 s)`);
} finally {
  await server?.stop();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
