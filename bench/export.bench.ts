/**
 * Export benchmark: bulk-loads N logs (default 1 million) into one project through the Store's bulk path (SQLite
 * by default, PostgreSQL when DATABASE_URL is set), starts the built server (`dist/`, as `npm start` runs it) and
 * downloads the whole project through `GET /api/logs/export` as NDJSON and as CSV, reading as fast as the
 * socket delivers. Prints logs/s (wall clock, and per second of the server's own CPU time: the machine is shared,
 * and the client shares it too), MB/s, and the server's RSS (sampled every 50 ms): before, at each quarter of
 * the export and its peak. Targets (issue 11): >= 100k logs/s, RSS growth < 50 MB. `npm run bench:export -- --help`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { bootstrap, startServer, tempDir, type RunningServer } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad, waitForSqliteFts } from './lib/bulk-load.js';
import { createTempDatabase } from './lib/pg.js';
import { cpuMs, memoryMb } from './lib/proc.js';

const HELP = `npm run build:server && npm run bench:export -- [--logs 1000000] [--days 1] [--runs 3] [--formats ndjson,csv] [--cpu-prof DIR]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE).
--cpu-prof DIR: the export server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).`;
const args = flags(
  {
    logs: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    formats: { type: 'string', default: 'ndjson,csv' },
    'cpu-prof': { type: 'string' },
  },
  HELP,
);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);
const adminUrl = process.env.DATABASE_URL || null;
const kind = adminUrl ? 'postgres' : 'sqlite';

interface Download {
  seconds: number;
  serverCpuSeconds: number;
  bytes: number;
  lines: number;
  total: number;
  rssBefore: number;
  rssPeak: number;
  /** RSS when a quarter, half, three quarters and all of the logs had arrived. */
  rssQuarters: number[];
}

/** Downloads one export, counting bytes and line ends, sampling the server's RSS meanwhile. */
function download(server: RunningServer, cookie: string, query: string, expected: number): Promise<Download> {
  const pid = server.proc.pid!;
  const rssBefore = memoryMb(pid).rss;
  const cpu0 = cpuMs(pid);
  const rssQuarters: number[] = [];
  let rssPeak = rssBefore;
  let lines = 0;
  const sampler = setInterval(() => {
    if (server.proc.exitCode !== null) return;
    const rss = memoryMb(pid).rss;
    rssPeak = Math.max(rssPeak, rss);
    while (rssQuarters.length < 3 && lines >= ((rssQuarters.length + 1) * expected) / 4) rssQuarters.push(rss);
  }, 50);
  const t0 = performance.now();
  return new Promise<Download>((resolve, reject) => {
    const req = http.get(`${server.url}/api/logs/export?${query}`, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${query}: ${res.statusCode}`));
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => {
        const seconds = (performance.now() - t0) / 1000;
        clearInterval(sampler);
        const rss = memoryMb(pid).rss;
        rssQuarters.push(rss);
        rssPeak = Math.max(rssPeak, rss);
        const total = Number(res.headers['x-total-count']);
        resolve({ seconds, serverCpuSeconds: (cpuMs(pid) - cpu0) / 1000, bytes, lines, total, rssBefore, rssPeak, rssQuarters });
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
  const store = await openStore({ databaseUrl: db?.url ?? null, dataDir, sqliteSynchronous: 'NORMAL', compactClosedDays: false });
  const rate = await bulkLoad(store, project.id, n, positiveNumber('days', args.days));
  console.log(`loaded ${fmt(n)} logs at ${fmt(rate)} rows/s through insertLogs`);
  if (kind === 'sqlite') await waitForSqliteFts(path.join(dataDir, 'devsmith.db'));
  await store.close();

  const profile = args['cpu-prof'];
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  server = await startServer({ env, dataDir, built: true, nodeArgs });
  await download(server, cookie, `format=ndjson&project=${project.id}&limit=10000`, 10_000); // warm-up: code paths
  console.log(`${'format'.padEnd(7)} ${'logs'.padStart(10)} ${'wall s'.padStart(7)} ${'logs/s'.padStart(8)} ${'CPU s'.padStart(6)} ${'logs/CPU-s'.padStart(10)} ${'MB/s'.padStart(5)}  RSS MB: before, at 1/4 1/2 3/4 end, peak (growth)`);
  for (const format of args.formats.split(',')) {
    for (let i = 0; i < runs; i++) {
      const d = await download(server, cookie, `format=${format}&project=${project.id}`, format === 'csv' ? n + 1 : n);
      const logs = format === 'csv' ? d.lines - 1 : d.lines;
      if (logs !== n || d.total !== n) throw new Error(`${format}: exported ${logs} logs, X-Total-Count ${d.total}, expected ${n}`);
      console.log(
        `${format.padEnd(7)} ${fmt(logs).padStart(10)} ${fmt(d.seconds, 2).padStart(7)} ${fmt(logs / d.seconds).padStart(8)} ` +
          `${fmt(d.serverCpuSeconds, 2).padStart(6)} ${fmt(logs / d.serverCpuSeconds).padStart(10)} ${fmt(d.bytes / 1e6 / d.seconds, 0).padStart(5)}  ` +
          `${fmt(d.rssBefore)}, ${d.rssQuarters.map((r) => fmt(r)).join(' ')}, ${fmt(d.rssPeak)} (+${fmt(d.rssPeak - d.rssBefore, 1)})`,
      );
    }
  }
  console.log('targets: >= 100,000 logs/s; RSS growth < 50 MB');
} finally {
  await server?.stop();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
