/**
 * Performance analytics benchmark (issue 14), on SQLite and, when DATABASE_URL is set, PostgreSQL:
 *  1. ingest throughput with performance aggregation on vs off in the same run (target >= 90 %): "off" writes
 *     request logs without timing facts (no aggregate rows), "on" maps each row's context with perfFacts in the
 *     timed loop, as ingest does, and commits the rows with their minute and hour aggregates;
 *  2. the routes table (GET /api/perf/routes's verb) over the last 24 h of N request logs: target < 150 ms,
 *     and the summary and a 24 h p95 chart beside it.
 * Run `npm run bench:perf -- --help`. N defaults to 200,000; the issue's 10 M: PERF_BENCH_LOGS=10000000 or --logs.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { IngestKeyCache } from '../src/auth/key-cache.js';
import { perfFacts } from '../src/perf/conventions.js';
import { Perf } from '../src/perf/perf.js';
import { timeseries } from '../src/perf/series.js';
import { stepOf } from '../src/perf/params.js';
import { Projects } from '../src/projects/projects.js';
import type { LogRow, Store, User, WriteBatch } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { rng, rows as genRows } from './lib/logs.js';
import { sqliteSettled, openFreshStore, rawInsertRate } from './lib/raw-store.js';
import { backendCpuMs } from './lib/proc.js';

const HELP = `npm run bench:perf -- [--logs 200000] [--routes 50] [--runs 20] [--duration 8] [--rounds 4] [--pool 100000] [--only ingest|read] [--store sqlite|postgres] [--profile DIR]
Stores: SQLite in a temporary directory; PostgreSQL too when DATABASE_URL is set (a role that may CREATE DATABASE).
--logs (or PERF_BENCH_LOGS): request logs loaded over the last 24 h for the reads (10000000 is the issue's target).
--routes: distinct routes of the generated traffic (over 5 services).
--store: only this store (postgres needs DATABASE_URL).
--profile: write a CPU profile (.cpuprofile, node:inspector) of each read case's timed runs into DIR.`;

const args = flags({
  logs: { type: 'string', default: process.env.PERF_BENCH_LOGS ?? '200000' },
  routes: { type: 'string', default: '50' },
  runs: { type: 'string', default: '20' },
  duration: { type: 'string', default: '8' },
  rounds: { type: 'string', default: '4' },
  pool: { type: 'string', default: '100000' },
  only: { type: 'string' },
  profile: { type: 'string' },
  store: { type: 'string' },
}, HELP);
const LOGS = positiveNumber('logs', args.logs);
const ROUTES = positiveNumber('routes', args.routes);
const RUNS = positiveNumber('runs', args.runs);
const DURATION_MS = positiveNumber('duration', args.duration) * 1000;
const ROUNDS = positiveNumber('rounds', args.rounds);
const POOL = positiveNumber('pool', args.pool);
const kinds: Array<'sqlite' | 'postgres'> = (process.env.DATABASE_URL ? ['sqlite', 'postgres'] as const : ['sqlite'] as const)
  .filter((k) => args.store === undefined || k === args.store);
const DAY = 86_400_000;

/** Generated rows turned into request logs: one of ROUTES routes, a status, a lognormal duration. */
function requestRows(seed: number, projectId: number, n: number, tsOf?: (i: number) => number): LogRow[] {
  const r = rng(seed);
  const out = genRows(r, projectId, n, tsOf);
  for (const row of out) {
    const k = Math.floor(ROUTES * r() ** 2); // skewed: a few hot routes
    const ms = Math.exp(3 + Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r()));
    const status = r() < 0.02 ? 500 : 200;
    const ctx = { ...JSON.parse(row.context), http: { method: k % 4 ? 'GET' : 'POST', route: `/api/v1/resource-${k}/:id`, status, duration_ms: Math.round(ms * 100) / 100 } };
    row.context = JSON.stringify(ctx);
    row.service = `svc-${k % 5}`;
    row.version = `1.${k % 3}.0`;
  }
  return out;
}

async function setup(store: Store): Promise<{ user: User; projectId: number }> {
  const user = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
  const project = await store.createProject({ ownerId: user.id, name: 'bench', slug: 'bench', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_b');
  return { user, projectId: project.id };
}

async function ingestBench(kind: 'sqlite' | 'postgres'): Promise<void> {
  const opened = await openFreshStore(kind, { adminUrl: process.env.DATABASE_URL });
  try {
    const { store } = opened;
    const { projectId } = await setup(store);
    // Both pools have the shape normalize.ts gives a row (`group` and `perf` set when the row is made, null
    // here): rows that gain a property later are a different hidden class, slower in every loop that reads them.
    const pool = requestRows(11, projectId, POOL).map((r): LogRow => ({ ...r, group: null, perf: null }));
    const poolOn = pool.map((r) => ({ ...r }));
    const contexts = new WeakMap(poolOn.map((r) => [r, JSON.parse(r.context) as Record<string, unknown>]));
    // Each phase commits a fresh row per log, as normalize.ts makes one per entry: "on" with its timing facts
    // mapped in the timed loop (perfFacts, with the context object at hand), "off" with none. Assigning the
    // facts into the long-lived pooled rows instead made every commit's facts objects old-to-young pointers
    // that the young-generation GC had to trace and promote: GC work that ingest does not have, and most of
    // the bench process's extra CPU per row with the aggregation on (docs/benchmarks.md).
    const freshRows = (perfOf: (r: LogRow) => LogRow['perf']) => new Proxy(store, {
      get: (target, prop) => prop === 'commitBatches'
        ? (batches: WriteBatch[]) => target.commitBatches(batches.map((b) => ({ ...b, rows: b.rows.map((r) => ({ ...r, perf: perfOf(r) })) })))
        : Reflect.get(target, prop),
    });
    const mapping = freshRows((r) => perfFacts(contexts.get(r)!));
    const plain = freshRows(() => null);
    // SQLite indexes FTS between commits and checkpoints behind the writer: each phase's clock stops once both caught up.
    const settle = opened.path ? () => sqliteSettled(opened.path!) : undefined;
    const opts = { batchSize: 100, batchesPerGroup: 20, parallel: kind === 'sqlite' ? 2 : 4, durationMs: DURATION_MS, settle };
    // CPU of the whole process (main thread, writer, checkpointer) per row: what a loaded machine distorts least.
    const cpu: { off: number[]; on: number[] } = { off: [], on: [] };
    // PostgreSQL on this machine: its backends' CPU per row too (the bench process is only half of the work).
    const database = opened.url ? new URL(opened.url).pathname.slice(1) : null;
    const server: { off: number[]; on: number[] } = { off: [], on: [] };
    const phase = async (on: boolean) => {
      const c0 = process.cpuUsage();
      const s0 = database ? backendCpuMs(database) : null;
      const r = await rawInsertRate(on ? mapping : plain, on ? poolOn : pool, opts);
      const c = process.cpuUsage(c0);
      const s1 = database ? backendCpuMs(database) : null;
      cpu[on ? 'on' : 'off'].push((c.user + c.system) / r.rows);
      if (s0 !== null && s1 !== null) server[on ? 'on' : 'off'].push(((s1 - s0) * 1000) / r.rows);
      return r.rowsPerSec;
    };
    await rawInsertRate(plain, pool, { ...opts, durationMs: 1000 }); // warm both paths (JIT, page cache)
    await rawInsertRate(mapping, poolOn, { ...opts, durationMs: 1000 });
    const off: number[] = [], on: number[] = [], ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternated order (off first, then on first): a phase's position in the run (database size, the
      // other processes of a loaded machine) does not favour one side.
      if (round % 2 === 0) off.push(await phase(false)), on.push(await phase(true));
      else on.push(await phase(true)), off.push(await phase(false));
      ratios.push((100 * on[round]!) / off[round]!);
      process.stdout.write(`  ${kind} round ${round + 1}: off ${fmt(off[round]!)} rows/s, on ${fmt(on[round]!)} rows/s (${fmt(ratios[round]!, 1)} %); CPU µs/row off ${fmt(cpu.off[round]!, 1)}, on ${fmt(cpu.on[round]!, 1)}${server.on.length ? `; server CPU µs/row off ${fmt(server.off[round]!, 1)}, on ${fmt(server.on[round]!, 1)}` : ''}\n`);
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
      return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    };
    process.stdout.write(`  ${kind} ingest aggregation off ${fmt(avg(off))} rows/s, on ${fmt(avg(on))} rows/s: ${fmt((100 * avg(on)) / avg(off), 1)} % of the means, median of the round ratios ${fmt(median(ratios), 1)} %; CPU per row on/off (medians) ${fmt((100 * median(cpu.on)) / median(cpu.off), 1)} %${server.on.length ? `, server ${fmt((100 * median(server.on)) / median(server.off), 1)} %` : ''}\n`);
  } finally {
    await opened.dispose();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]! };
}

/** The CPU profile of fn alone (not of the load before it), written to --profile DIR. */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) => new Promise<any>((ok, ko) => session.post(method, (e, r) => (e ? ko(e) : ok(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post('Profiler.stop');
    fs.mkdirSync(args.profile!, { recursive: true });
    fs.writeFileSync(path.join(args.profile!, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function readBench(kind: 'sqlite' | 'postgres'): Promise<void> {
  const opened = await openFreshStore(kind, { adminUrl: process.env.DATABASE_URL });
  try {
    const { store } = opened;
    const { user, projectId } = await setup(store);
    const end = Date.now() - 60_000;
    const t0 = performance.now();
    const chunk = 50_000;
    for (let done = 0; done < LOGS; done += chunk) {
      const count = Math.min(chunk, LOGS - done);
      const rows = requestRows(done + 1, projectId, count, (i) => Math.round(end - ((LOGS - done - i) * DAY) / LOGS));
      for (const r of rows) r.perf = perfFacts(JSON.parse(r.context) as Record<string, unknown>);
      await store.insertLogs(rows);
    }
    process.stdout.write(`  ${kind} loaded ${fmt(LOGS)} request logs over 24 h in ${fmt((performance.now() - t0) / 1000, 1)} s\n`);
    const perf = new Perf(store, new Projects(store, new IngestKeyCache(store)));
    const params = { project: 'bench' };
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['routes table, 24 h, sort=p95 (with previous 24 h and sparklines)', () => perf.routes(user, params, 'p95', 'desc', 100)],
      ['summary, 24 h (with previous 24 h)', () => perf.summary(user, params)],
      ['timeseries p50,p95,p99, 24 h, default step', () => timeseries(perf, user, params, ['p50', 'p95', 'p99'], 'none', (r) => stepOf(r, undefined))],
      ['timeseries p95 by route (top 10), 24 h, 1 h step', () => timeseries(perf, user, params, ['p95'], 'route', (r) => stepOf(r, 3600))],
    ];
    for (const [i, [name, fn]] of cases.entries()) {
      const t = args.profile ? await profiled(`${kind}-read-${i + 1}`, () => timed(fn)) : await timed(fn);
      process.stdout.write(`  ${kind} ${name.padEnd(68)} median ${fmt(t.median, 1)} ms  p95 ${fmt(t.p95, 1)} ms\n`);
    }
  } finally {
    await opened.dispose();
  }
}

process.stdout.write(`perf benchmark: ${kinds.join(', ')}; ${fmt(LOGS)} request logs, ${fmt(ROUTES)} routes, Node ${process.version}\n`);
for (const kind of kinds) {
  if (args.only !== 'read') await ingestBench(kind);
  if (args.only !== 'ingest') await readBench(kind);
}
