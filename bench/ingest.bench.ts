/**
 * Ingest benchmark: drives the real server (a child process, SQLite by default, PostgreSQL when
 * DATABASE_URL is set) over loopback with realistic generated batches, and in the same run measures the two
 * reference limits (HTTP receive-and-parse with no store; raw store inserts with no HTTP), so that the
 * result is also a share of each. Run `npm run bench:ingest -- --help`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bootstrap, freePort, ROOT, startServer } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { percentile, runLoad, type LoadResult } from './lib/load.js';
import { batchBody, rng, rows as genRows, singleBody } from './lib/logs.js';
import { createTempDatabase } from './lib/pg.js';
import { cpuMs, memoryMb, resetPeak } from './lib/proc.js';
import { openFreshStore, rawInsertRate } from './lib/raw-store.js';

const HELP = `npm run bench:ingest -- [--mode batch100|batch1000|single] [--concurrency 16] [--duration 10]
  [--half] [--rate LOGS_PER_S] [--sync NORMAL|FULL] [--no-refs] [--log-level warn] [--built]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE:
each phase gets a throwaway database). --half re-runs at half the measured rate to report latency there.
--built runs dist/cli/main.js (npm run build:server first) instead of the sources under tsx: production memory.`;

const args = flags(
  {
    mode: { type: 'string', default: 'batch100' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    rate: { type: 'string' },
    half: { type: 'boolean', default: false },
    sync: { type: 'string', default: 'NORMAL' },
    'no-refs': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'warn' },
    built: { type: 'boolean', default: false },
  },
  HELP,
);
const mode = args.mode as 'batch100' | 'batch1000' | 'single';
if (!['batch100', 'batch1000', 'single'].includes(mode)) throw new Error(`unknown --mode ${mode}`);
const batchSize = mode === 'batch1000' ? 1000 : mode === 'batch100' ? 100 : 1;
const concurrency = positiveNumber('concurrency', args.concurrency);
const durationMs = positiveNumber('duration', args.duration) * 1000;
const adminUrl = process.env.DATABASE_URL || null;
const kind = adminUrl ? 'postgres' : 'sqlite';
const sync = args.sync === 'FULL' ? 'FULL' : 'NORMAL';
const path_ = mode === 'single' ? '/api/logs' : '/api/logs/batch';

// Bodies are serialised before any clock starts: the client then only writes bytes.
const r = rng(42);
const bodies = Array.from({ length: mode === 'single' ? 4000 : mode === 'batch1000' ? 40 : 200 }, () =>
  Buffer.from(mode === 'single' ? singleBody(r) : batchBody(r, batchSize)),
);
const avgBody = bodies.reduce((s, b) => s + b.length, 0) / bodies.length;

interface Phase {
  name: string;
  logsPerSec: number;
  reqPerSec: number;
  load?: LoadResult;
  serverCpu?: number; // cores used on average
  peakRssMb?: number;
  idleRssMb?: number;
}

function summarize(name: string, load: LoadResult, extra: Partial<Phase> = {}): Phase {
  const ok = Object.entries(load.byStatus).filter(([s]) => s.startsWith('2')).reduce((n, [, c]) => n + c, 0);
  const seconds = load.elapsedMs / 1000;
  return { name, logsPerSec: (ok * batchSize) / seconds, reqPerSec: ok / seconds, load, ...extra };
}

function print(p: Phase): void {
  const l = p.load;
  const lat = l ? `p50 ${fmt(percentile(l.latenciesMs, 50), 1)} ms  p95 ${fmt(percentile(l.latenciesMs, 95), 1)} ms  p99 ${fmt(percentile(l.latenciesMs, 99), 1)} ms` : '';
  const statuses = l ? `  statuses ${JSON.stringify(l.byStatus)}  client CPU ${fmt(l.clientCpuMs / l.elapsedMs, 2)} cores` : '';
  const server = p.serverCpu !== undefined ? `  server CPU ${fmt(p.serverCpu, 2)} cores  RSS idle ${fmt(p.idleRssMb ?? NaN)} MB peak ${fmt(p.peakRssMb ?? NaN)} MB` : '';
  console.log(`${p.name.padEnd(26)} ${fmt(p.logsPerSec).padStart(9)} logs/s ${fmt(p.reqPerSec).padStart(8)} req/s  ${lat}${statuses}${server}`);
}

const loadOpts = (url: string, key: string | null) => ({
  url,
  path: path_,
  headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  bodies,
  concurrency,
});

async function parseOnlyReference(): Promise<Phase> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/lib/parse-only-server.ts'), String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`parse-only server exited with ${code}`)));
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await runLoad({ ...loadOpts(url, null), durationMs: 2000 }); // warm-up
    const cpu0 = cpuMs(child.pid!);
    const load = await runLoad({ ...loadOpts(url, null), durationMs });
    return summarize('HTTP parse only (no store)', load, { serverCpu: (cpuMs(child.pid!) - cpu0) / load.elapsedMs });
  } finally {
    child.kill('SIGTERM');
  }
}

async function rawStoreReference(): Promise<Phase> {
  const opened = await openFreshStore(kind, { adminUrl: adminUrl ?? undefined, synchronous: sync });
  try {
    const pool = genRows(rng(7), 1, 100_000);
    const parallel = kind === 'sqlite' ? 2 : 4; // SQLite: one group committing while the next is encoded
    const batchesPerGroup = Math.max(1, Math.ceil(concurrency / parallel));
    const common = { batchSize, batchesPerGroup, parallel };
    await rawInsertRate(opened.store, pool, { ...common, durationMs: 2000 });
    const res = await rawInsertRate(opened.store, pool, { ...common, durationMs });
    return { name: `raw ${kind} insert (no HTTP)`, logsPerSec: res.rowsPerSec, reqPerSec: res.commits / (durationMs / 1000) };
  } finally {
    await opened.dispose();
  }
}

async function serverRun(): Promise<Phase[]> {
  const db = adminUrl ? await createTempDatabase(adminUrl, 'devsmith_bench') : null;
  const server = await startServer({
    built: args.built,
    env: {
      LOG_LEVEL: args['log-level'],
      DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000000',
      DEVSMITH_SQLITE_SYNCHRONOUS: sync,
      ...(db ? { DATABASE_URL: db.url } : {}),
    },
  });
  const pid = server.proc.pid!;
  const phases: Phase[] = [];
  try {
    const { apiKey } = await bootstrap(server.url, 'Bench');
    await new Promise((res) => setTimeout(res, 1000));
    const idleRssMb = memoryMb(pid).rss;
    const opts = loadOpts(server.url, apiKey);
    await runLoad({ ...opts, durationMs: 2000 }); // warm-up (JIT, caches, first partition)
    const measure = async (name: string, rate?: number): Promise<Phase> => {
      resetPeak(pid);
      const cpu0 = cpuMs(pid);
      const load = await runLoad({ ...opts, durationMs, rate: rate ? rate / batchSize : undefined });
      const mem = memoryMb(pid);
      return summarize(name, load, { serverCpu: (cpuMs(pid) - cpu0) / load.elapsedMs, peakRssMb: mem.peak, idleRssMb });
    };
    const rate = args.rate ? positiveNumber('rate', args.rate) : undefined;
    const max = await measure(rate ? `server at ${fmt(rate)} logs/s` : 'server, max rate', rate);
    phases.push(max);
    if (args.half && !rate) phases.push(await measure(`server at half (${fmt(max.logsPerSec / 2)}/s)`, max.logsPerSec / 2));
    const errors = server.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
    if (errors.length) console.log(`server logged ${errors.length} errors, first: ${errors[0]}`);
  } finally {
    await server.stop();
    await db?.drop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  return phases;
}

console.log(`ingest benchmark: ${args.built ? 'built server' : 'server under tsx'}, store ${kind}${kind === 'sqlite' ? ` (synchronous=${sync})` : ''}, mode ${mode} (${batchSize} logs, ~${fmt(avgBody / 1024, 1)} KB per request), concurrency ${concurrency}, ${durationMs / 1000} s per phase`);
const refs: Phase[] = [];
if (!args['no-refs']) {
  refs.push(await parseOnlyReference());
  print(refs[0]!);
  refs.push(await rawStoreReference());
  print(refs[1]!);
}
const results = await serverRun();
for (const p of results) print(p);
const best = results[0]!;
for (const ref of refs) console.log(`server max rate = ${fmt((100 * best.logsPerSec) / ref.logsPerSec, 1)} % of ${ref.name}`);
