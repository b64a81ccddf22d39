/**
 * Export benchmark: bulk-loads N logs (default 1 million) into one project through the Store's bulk path (SQLite
 * by default, PostgreSQL when DATABASE_URL is set), starts the built server (`dist/`, as `npm start` runs it) and
 * downloads the whole project through `GET /api/logs/export` as NDJSON and as CSV, reading as fast as the
 * socket delivers. Prints logs/s, MB/s and the server's RSS growth during each export (sampled every 50 ms).
 * Targets (issue 11): >= 100k logs/s, RSS growth < 50 MB. Run `npm run bench:export -- --help`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { bootstrap, startServer, tempDir, type RunningServer } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad, waitForSqliteFts } from './lib/bulk-load.js';
import { createTempDatabase } from './lib/pg.js';
import { memoryMb } from './lib/proc.js';

const HELP = `npm run build:server && npm run bench:export -- [--logs 1000000] [--days 1] [--runs 2] [--formats ndjson,csv]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE).`;
const args = flags(
  {
    logs: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '1' },
    runs: { type: 'string', default: '2' },
    formats: { type: 'string', default: 'ndjson,csv' },
  },
  HELP,
);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);
const adminUrl = process.env.DATABASE_URL || null;
const kind = adminUrl ? 'postgres' : 'sqlite';

interface Download {
  seconds: number;
  bytes: number;
  lines: number;
  total: number;
  rssBefore: number;
  rssPeak: number;
}

/** Downloads one export, counting bytes and line ends, sampling the server's RSS meanwhile. */
function download(server: RunningServer, cookie: string, query: string): Promise<Download> {
  const pid = server.proc.pid!;
  const rssBefore = memoryMb(pid).rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, memoryMb(pid).rss)), 50);
  const t0 = performance.now();
  return new Promise<Download>((resolve, reject) => {
    const req = http.get(`${server.url}/api/logs/export?${query}`, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${query}: ${res.statusCode}`));
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => {
        clearInterval(sampler);
        rssPeak = Math.max(rssPeak, memoryMb(pid).rss);
        const total = Number(res.headers['x-total-count']);
        resolve({ seconds: (performance.now() - t0) / 1000, bytes, lines, total, rssBefore, rssPeak });
      });
      res.on('error', reject);
    });
    req.on('error', (err) => {
      clearInterval(sampler);
      reject(err);
    });
  });
}

const db = adminUrl ? await createTempDatabase(adminUrl, 'devsmith_xbench') : null;
const dataDir = tempDir('devsmith-xbench-');
const env = { LOG_LEVEL: 'warn', ...(db ? { DATABASE_URL: db.url } : {}) };
let server: RunningServer | null = null;

try {
  console.log(`export benchmark: store ${kind}, ${fmt(n)} logs over ${args.days} day(s) in one project, ${runs} run(s) per format`);
  server = await startServer({ env, dataDir, built: true });
  const { cookie, project } = await bootstrap(server.url, 'Export bench');
  await server.stop();
  server = null;

  const { openStore } = await import('../src/store/index.js');
  const store = await openStore({ databaseUrl: db?.url ?? null, dataDir, sqliteSynchronous: 'NORMAL' });
  const rate = await bulkLoad(store, project.id, n, positiveNumber('days', args.days));
  console.log(`loaded ${fmt(n)} logs at ${fmt(rate)} rows/s through insertLogs`);
  if (kind === 'sqlite') await waitForSqliteFts(path.join(dataDir, 'devsmith.db'));
  await store.close();

  server = await startServer({ env, dataDir, built: true });
  await download(server, cookie, `format=ndjson&project=${project.id}&limit=10000`); // warm-up: code paths, caches
  console.log(`${'format'.padEnd(8)} ${'logs'.padStart(11)} ${'seconds'.padStart(8)} ${'logs/s'.padStart(9)} ${'MB/s'.padStart(6)} ${'RSS before'.padStart(11)} ${'RSS peak'.padStart(9)} ${'growth'.padStart(8)}`);
  for (const format of args.formats.split(',')) {
    for (let i = 0; i < runs; i++) {
      const d = await download(server, cookie, `format=${format}&project=${project.id}`);
      const logs = format === 'csv' ? d.lines - 1 : d.lines;
      if (logs !== n || d.total !== n) throw new Error(`${format}: exported ${logs} logs, X-Total-Count ${d.total}, expected ${n}`);
      console.log(
        `${format.padEnd(8)} ${fmt(logs).padStart(11)} ${fmt(d.seconds, 2).padStart(8)} ${fmt(logs / d.seconds).padStart(9)} ` +
          `${fmt(d.bytes / 1e6 / d.seconds, 0).padStart(6)} ${fmt(d.rssBefore, 1).padStart(8)} MB ${fmt(d.rssPeak, 1).padStart(6)} MB ${fmt(d.rssPeak - d.rssBefore, 1).padStart(5)} MB`,
      );
    }
  }
  console.log('targets: >= 100,000 logs/s; RSS growth < 50 MB');
} finally {
  await server?.stop();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
