/**
 * Facets benchmark: bulk-loads N logs (default 10 million) into one project of the real server's data (SQLite
 * by default, PostgreSQL when DATABASE_URL is set), restarts the server and times the explorer's aggregate
 * reads over HTTP (medians of several runs): facet counts (rollups), top values of a context field (a bounded
 * sample of the newest 100,000 matching logs), the same under text and context filters, context fields for
 * autocomplete (newest 10,000) and services. Run `npm run bench:facets -- --help`.
 */
import fs from 'node:fs';
import { bootstrap, startServer, tempDir, type RunningServer } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad } from './lib/bulk-load.js';
import { COMMON_WORD } from './lib/logs.js';
import { createTempDatabase } from './lib/pg.js';

const HELP = `npm run bench:facets -- [--logs 10000000] [--runs 7] [--days 7]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE).`;
const args = flags({ logs: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '7' }, days: { type: 'string', default: '7' } }, HELP);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);
const adminUrl = process.env.DATABASE_URL || null;
const kind = adminUrl ? 'postgres' : 'sqlite';

const db = adminUrl ? await createTempDatabase(adminUrl, 'devsmith_fbench') : null;
const dataDir = tempDir('devsmith-fbench-');
const env = { LOG_LEVEL: 'warn', ...(db ? { DATABASE_URL: db.url } : {}) };
let server: RunningServer | null = null;

try {
  console.log(`facets benchmark: store ${kind}, ${fmt(n)} logs over ${args.days} days in one project, medians of ${runs} runs`);
  server = await startServer({ env, dataDir });
  const { cookie, project } = await bootstrap(server.url, 'Facets bench');
  await server.stop();
  server = null;

  const { openStore } = await import('../src/store/index.js');
  const store = await openStore({ databaseUrl: db?.url ?? null, dataDir, sqliteSynchronous: 'NORMAL', compactClosedDays: false });
  const rate = await bulkLoad(store, project.id, n, positiveNumber('days', args.days));
  console.log(`loaded ${fmt(n)} logs at ${fmt(rate)} rows/s through insertLogs`);
  if (db) {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('VACUUM ANALYZE logs');
    await c.end();
  }
  await store.close();

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
  const queries: Array<[string, string]> = [
    ['levels + services, all time', `/api/logs/facets?${p}`],
    ['levels + services, 24 h', `/api/logs/facets?${p}&${day}`],
    ['+ top ctx.http.status, 24 h', `/api/logs/facets?${p}&${day}&field=ctx.http.status`],
    ['+ top ctx.user_id, all time', `/api/logs/facets?${p}&field=ctx.user_id`],
    ['+ top host, service filter', `/api/logs/facets?${p}&service=checkout&field=host`],
    [`text "${COMMON_WORD}" 24 h + top status`, `/api/logs/facets?${p}&${day}&q=${COMMON_WORD}&field=ctx.http.status`],
    ['ctx.region filter 24 h + top', `/api/logs/facets?${p}&${day}&ctx.region=eu-west-1&field=ctx.http.method`],
    ['context fields (newest 10k)', `/api/logs/fields?${p}`],
    ['services', `/api/logs/services?${p}`],
  ];
  console.log(`${'query'.padEnd(36)} ${'median'.padStart(10)} ${'min'.padStart(9)} ${'max'.padStart(9)}  result`);
  for (const [name, query] of queries) {
    const times: number[] = [];
    let summary = '';
    await get(query); // warm-up
    for (let i = 0; i < runs; i++) {
      const { ms, body } = await get(query);
      times.push(ms);
      summary = 'total' in body
        ? `total ${fmt(body.total)}${body.field ? `, ${body.field.values.length} values of ${fmt(body.field.scanned)}${body.field.sampled ? ' (sampled)' : ''}` : ''}`
        : `${body.data.length} rows${'scanned' in body ? ` of ${fmt(body.scanned)}` : ''}`;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`${name.padEnd(36)} ${fmt(median, 1).padStart(7)} ms ${fmt(times[0]!, 1).padStart(6)} ms ${fmt(times.at(-1)!, 1).padStart(6)} ms  ${summary}`);
  }
} finally {
  await server?.stop();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
