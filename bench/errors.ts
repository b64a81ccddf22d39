/**
 * Error tracking benchmark (issue 12), on SQLite and, when DATABASE_URL is set, PostgreSQL:
 *  1. the errors list (the Errors page's query) for ~10k groups over N logs: target < 200 ms;
 *  2. ingest throughput with grouping on vs off in the same run (target >= 90 %): "off" is the code path
 *     before error tracking (rows without a grouping: no fingerprint, no group writes), "on" computes
 *     `groupLog` for every row, as ingest does, and commits the rows with their group updates.
 * Run `npm run bench:errors -- --help`.
 */
import { createHash } from 'node:crypto';
import { groupLog } from '../src/grouping/index.js';
import type { ErrorListQuery } from '../src/store/errors-types.js';
import type { LogRow, Store, WriteBatch } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import fs from 'node:fs';
import { bootstrap, startServer } from '../test/helpers/server.js';
import { runLoad } from './lib/load.js';
import { batchBody, rng, rows as genRows } from './lib/logs.js';
import { createTempDatabase } from './lib/pg.js';
import { openFreshStore, rawInsertRate, sqliteSettled } from './lib/raw-store.js';

const HELP = `npm run bench:errors -- [--logs 10000000] [--groups 10000] [--runs 20] [--duration 8] [--rounds 2] [--pool 100000] [--errors typical|generated] [--only list|ingest|server|store]
Stores: SQLite in a temporary directory; PostgreSQL too when DATABASE_URL is set (a role that may CREATE DATABASE).
--logs: logs loaded for the list measurement (10 M is the issue's target; 1 M for a quick run).
--errors: the error messages of the ingest phases (see typicalErrors in the source).
--pool: distinct generated rows the ingest phases cycle through (their groups are created before timing).`;

const args = flags(
  {
    logs: { type: 'string', default: '10000000' },
    groups: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '20' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string' },
    pool: { type: 'string', default: '100000' },
    errors: { type: 'string', default: 'typical' },
  },
  HELP,
);
const LOGS = positiveNumber('logs', args.logs);
const GROUPS = positiveNumber('groups', args.groups);
const RUNS = positiveNumber('runs', args.runs);
const DURATION_MS = positiveNumber('duration', args.duration) * 1000;
const ROUNDS = positiveNumber('rounds', args.rounds);
const POOL = positiveNumber('pool', args.pool);
const ERRORS = args.errors === 'generated' ? 'generated' : 'typical';
const kinds: Array<'sqlite' | 'postgres'> = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

const fp = (k: number) => createHash('md5').update(`group-${k}`).digest('hex');

/** Loads `n` logs over the last 7 days; WARN/ERROR rows (about 1 in 10) belong to one of `groups` groups. */
async function load(store: Store, projectId: number, n: number, groups: number): Promise<void> {
  const r = rng(7);
  const end = Date.now() - 60_000;
  const step = (7 * 86_400_000) / n;
  const t0 = performance.now();
  const chunk = 50_000;
  for (let done = 0; done < n; done += chunk) {
    const count = Math.min(chunk, n - done);
    const rows = genRows(r, projectId, count, (i) => Math.round(end - (n - done - i) * step));
    for (const row of rows) {
      if (row.level !== 'WARN' && row.level !== 'ERROR') continue;
      const k = Math.floor(r() * groups);
      row.version = `1.${k % 7}.0`;
      row.group = { fingerprint: fp(k), legacy: [], title: `Error number ${k}: something failed`, culprit: `src/module-${k % 50}.ts in handler`, type: k % 3 ? 'TypeError' : null };
    }
    await store.insertLogs(rows);
  }
  process.stdout.write(`  loaded ${fmt(n)} logs in ${fmt((performance.now() - t0) / 1000, 1)} s\n`);
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

async function listBench(kind: 'sqlite' | 'postgres'): Promise<void> {
  const opened = await openFreshStore(kind, { adminUrl: process.env.DATABASE_URL });
  try {
    const { store } = opened;
    const user = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: user.id, name: 'bench', slug: 'bench', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_b');
    await load(store, project.id, LOGS, GROUPS);
    const now = Date.now();
    const base: ErrorListQuery = { projectIds: [project.id], status: 'unresolved', sort: 'last_seen', limit: 50, offset: 0, now };
    const all = await store.listErrorGroups({ ...base, status: 'all', limit: 100_000 });
    process.stdout.write(`  ${fmt(all.length)} groups\n`);
    const cases: Array<[string, Partial<ErrorListQuery>]> = [
      ['default (unresolved, last_seen, 50)', {}],
      ['sort=count', { sort: 'count' }],
      ['sort=first_seen', { sort: 'first_seen' }],
      ['sort=trend', { sort: 'trend' }],
      ['q=module-7 (text)', { text: 'module-7' }],
      ['new=1, sort=count', { firstSeenFrom: now - 86_400_000, sort: 'count' }],
      ['page 20 (offset 950)', { offset: 950 }],
    ];
    for (const [name, over] of cases) {
      const t = await timed(() => store.listErrorGroups({ ...base, ...over }));
      process.stdout.write(`  ${kind} list ${name.padEnd(38)} median ${fmt(t.median, 1)} ms  p95 ${fmt(t.p95, 1)} ms\n`);
    }
    const top = all.sort((a, b) => b.count - a.count)[0]!;
    const g = await timed(() => Promise.all([store.getErrorGroup(top.id, now), store.errorGroupTags(top.id), store.errorGroupEvents(top.id, 1), store.errorGroupFirstEvent(top.id)]));
    process.stdout.write(`  ${kind} group detail reads (${fmt(top.count)} events)         median ${fmt(g.median, 1)} ms  p95 ${fmt(g.p95, 1)} ms\n`);
    const e = await timed(() => store.errorGroupEvents(top.id, 50));
    process.stdout.write(`  ${kind} group events page of 50                    median ${fmt(e.median, 1)} ms  p95 ${fmt(e.p95, 1)} ms\n`);
  } finally {
    await opened.dispose();
  }
}

/**
 * `--errors typical`: the WARN/ERROR rows get the messages of a few recurring problems whose variable parts are
 * numbers (order ids, durations, ports): the grouping folds them into a handful of groups, as in a spike.
 * `generated`: the bench's general generator, whose messages carry random hex ids and request ids: under a
 * grouping that does not fold hex, nearly every error is a group of its own (the worst case for the writes).
 */
function typicalErrors(pool: Array<Pick<LogRow, 'level' | 'message'>>): void {
  const r = rng(5);
  const kinds = ['Payment for order {n} failed: card declined', 'Timeout after {n} ms calling inventory at 10.0.{n}.{n}:{n}',
    'Deadlock detected on table orders, transaction {n} rolled back', 'Cannot read properties of undefined (reading id) in cart {n}',
    'Webhook {n} delivery failed with status {n}', 'Job {n} exceeded {n} retries', 'Disk usage at {n} percent on volume {n}'];
  for (const row of pool) {
    if (row.level !== 'WARN' && row.level !== 'ERROR') continue;
    const k = Math.floor(200 * r() ** 3); // skewed: a few problems make most of the errors
    const text = `${kinds[k % kinds.length]!} (problem ${k})`;
    row.message = text.replace(/\{n\}/g, () => String(Math.floor(r() * 100_000)));
  }
}

/**
 * Rows as ingest makes them: the grouping computed per row in the timed loop (normalize.ts does it with the
 * context object at hand). The rows are copies made before the clock starts, with a `group` slot to fill.
 */
function groupInPlace(rows: LogRow[], contexts: WeakMap<LogRow, Record<string, unknown>>): LogRow[] {
  for (const r of rows) r.group = groupLog({ level: r.level, service: r.service, message: r.message, context: contexts.get(r)! });
  return rows;
}

async function ingestBench(kind: 'sqlite' | 'postgres'): Promise<void> {
  const opened = await openFreshStore(kind, { adminUrl: process.env.DATABASE_URL });
  try {
    const { store } = opened;
    const user = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: user.id, name: 'bench', slug: 'bench', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_b');
    const pool = genRows(rng(11), project.id, POOL);
    if (ERRORS === 'typical') typicalErrors(pool);
    const poolOn = pool.map((r) => ({ ...r, group: null }));
    const contexts = new WeakMap(poolOn.map((r) => [r, JSON.parse(r.context) as Record<string, unknown>]));
    // SQLite: a phase's clock stops once the FTS index and the WAL checkpoint caught up (work deferred behind the writer).
    const settle = opened.path ? () => sqliteSettled(opened.path!) : undefined;
    const opts = { batchSize: 100, batchesPerGroup: 20, parallel: kind === 'sqlite' ? 2 : 4, durationMs: DURATION_MS, settle };
    const groupingStore = new Proxy(store, {
      get: (target, prop) =>
        prop === 'commitBatches'
          ? (batches: WriteBatch[]) => target.commitBatches(batches.map((b) => ({ ...b, rows: groupInPlace(b.rows, contexts) })))
          : Reflect.get(target, prop),
    });
    // Steady state, as in production: the pool's groups exist before the clock starts (creating them is
    // measured apart, below: a burst of errors never seen before).
    const t0 = performance.now();
    for (let i = 0; i < poolOn.length; i += 2000) await groupingStore.commitBatches([{ rows: poolOn.slice(i, i + 2000) }]);
    const firstPass = POOL / ((performance.now() - t0) / 1000);
    const groups = await store.listErrorGroups({ projectIds: [project.id], status: 'all', sort: 'count', limit: 100_000, offset: 0, now: Date.now() });
    const grouped = poolOn.filter((r) => r.group).length;
    process.stdout.write(`  ${kind} first pass (every group new): ${fmt(firstPass)} rows/s; ${fmt(grouped)} grouped rows in ${fmt(groups.length)} groups\n`);
    const off: number[] = [];
    const on: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      off.push((await rawInsertRate(store, pool, opts)).rowsPerSec);
      on.push((await rawInsertRate(groupingStore, poolOn, opts)).rowsPerSec);
      process.stdout.write(`  ${kind} round ${round + 1}: off ${fmt(off[round]!)} rows/s, on ${fmt(on[round]!)} rows/s\n`);
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    process.stdout.write(`  ${kind} ingest grouping off ${fmt(avg(off))} rows/s, on ${fmt(avg(on))} rows/s: ${fmt((100 * avg(on)) / avg(off), 1)} %\n`);
  } finally {
    await opened.dispose();
  }
}

/**
 * The whole server (HTTP, parsing, grouping, group commit, store) under the ingest benchmark's load, with
 * DEVSMITH_ERROR_GROUPING off and on in alternate rounds, each on a fresh store.
 */
async function serverBench(kind: 'sqlite' | 'postgres'): Promise<void> {
  const r = rng(42);
  const bodies = Array.from({ length: 200 }, () => {
    const body = JSON.parse(batchBody(r, 100)) as { logs: Array<Pick<LogRow, 'level' | 'message'>> };
    for (const l of body.logs) l.level = l.level.toUpperCase() as LogRow['level'];
    if (ERRORS === 'typical') typicalErrors(body.logs);
    return Buffer.from(JSON.stringify(body));
  });
  const rates: Record<'off' | 'on', number[]> = { off: [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const setting of ['off', 'on'] as const) {
      const db = kind === 'postgres' ? await createTempDatabase(process.env.DATABASE_URL!, 'devsmith_bench') : null;
      const server = await startServer({
        env: { LOG_LEVEL: 'warn', DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000000', DEVSMITH_ERROR_GROUPING: setting, ...(db ? { DATABASE_URL: db.url } : {}) },
      });
      try {
        const { apiKey } = await bootstrap(server.url, 'Bench');
        const opts = { url: server.url, path: '/api/logs/batch', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, bodies, concurrency: 16 };
        await runLoad({ ...opts, durationMs: 2000 }); // warm-up: JIT, caches, the groups of the traffic
        const load = await runLoad({ ...opts, durationMs: DURATION_MS });
        const ok = Object.entries(load.byStatus).filter(([st]) => st.startsWith('2')).reduce((n, [, c]) => n + c, 0);
        rates[setting].push((ok * 100) / (load.elapsedMs / 1000));
        process.stdout.write(`  ${kind} server round ${round + 1}, grouping ${setting}: ${fmt(rates[setting].at(-1)!)} logs/s\n`);
      } finally {
        await server.stop();
        await db?.drop();
        fs.rmSync(server.dataDir, { recursive: true, force: true });
      }
    }
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  process.stdout.write(`  ${kind} server ingest grouping off ${fmt(avg(rates.off))} logs/s, on ${fmt(avg(rates.on))} logs/s: ${fmt((100 * avg(rates.on)) / avg(rates.off), 1)} %\n`);
}

for (const kind of kinds) {
  const runs = (part: string) => !args.only || args.only === part || (args.only === 'ingest' && part !== 'list');
  if (runs('list')) {
    process.stdout.write(`\n${kind}: errors list over ${fmt(LOGS)} logs, ${fmt(GROUPS)} groups\n`);
    await listBench(kind);
  }
  if (runs('server')) {
    process.stdout.write(`\n${kind}: server ingest (HTTP, batches of 100, 16 connections) with DEVSMITH_ERROR_GROUPING off vs on, ${ERRORS} errors\n`);
    await serverBench(kind);
  }
  if (runs('store')) {
    process.stdout.write(`\n${kind}: store ingest with grouping on vs off, ${ERRORS} errors (${ROUNDS} rounds of ${DURATION_MS / 1000} s each)\n`);
    await ingestBench(kind);
  }
}
