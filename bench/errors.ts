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
import type { LogRow, Store } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { rng, rows as genRows } from './lib/logs.js';
import { openFreshStore, rawInsertRate } from './lib/raw-store.js';

const HELP = `npm run bench:errors -- [--logs 10000000] [--groups 10000] [--runs 20] [--duration 8] [--rounds 2] [--only list|ingest]
Stores: SQLite in a temporary directory; PostgreSQL too when DATABASE_URL is set (a role that may CREATE DATABASE).
--logs: logs loaded for the list measurement (10 M is the issue's target; 1 M for a quick run).`;

const args = flags(
  {
    logs: { type: 'string', default: '10000000' },
    groups: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '20' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
  HELP,
);
const LOGS = positiveNumber('logs', args.logs);
const GROUPS = positiveNumber('groups', args.groups);
const RUNS = positiveNumber('runs', args.runs);
const DURATION_MS = positiveNumber('duration', args.duration) * 1000;
const ROUNDS = positiveNumber('rounds', args.rounds);
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

/** The context objects of the pool's rows: ingest has the object at hand when it groups (normalize.ts). */
const contexts = new WeakMap<LogRow, Record<string, unknown>>();

/** Rows as ingest makes them: the grouping computed per row (it is part of the cost measured). */
function grouped(rows: LogRow[]): LogRow[] {
  return rows.map((r) => ({ ...r, group: groupLog({ level: r.level, service: r.service, message: r.message, context: contexts.get(r)! }) }));
}

async function ingestBench(kind: 'sqlite' | 'postgres'): Promise<void> {
  const opened = await openFreshStore(kind, { adminUrl: process.env.DATABASE_URL });
  try {
    const { store } = opened;
    const user = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: user.id, name: 'bench', slug: 'bench', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_b');
    const pool = genRows(rng(11), project.id, 200_000);
    for (const r of pool) contexts.set(r, JSON.parse(r.context) as Record<string, unknown>);
    const opts = { batchSize: 100, batchesPerGroup: 20, parallel: kind === 'sqlite' ? 2 : 4, durationMs: DURATION_MS };
    // "on" groups each batch as it is committed: a wrapper store computes groupLog on the batches it is given.
    const groupingStore = new Proxy(store, {
      get: (target, prop) => (prop === 'commitBatches' ? (batches: Parameters<Store['commitBatches']>[0]) => target.commitBatches(batches.map((b) => ({ ...b, rows: grouped(b.rows) }))) : Reflect.get(target, prop)),
    });
    const off: number[] = [];
    const on: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      off.push((await rawInsertRate(store, pool, opts)).rowsPerSec);
      on.push((await rawInsertRate(groupingStore, pool, opts)).rowsPerSec);
      process.stdout.write(`  ${kind} round ${round + 1}: off ${fmt(off[round]!)} rows/s, on ${fmt(on[round]!)} rows/s\n`);
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const groups = await store.listErrorGroups({ projectIds: [project.id], status: 'all', sort: 'count', limit: 200, offset: 0, now: Date.now() });
    process.stdout.write(`  ${kind} ingest grouping off ${fmt(avg(off))} rows/s, on ${fmt(avg(on))} rows/s: ${fmt((100 * avg(on)) / avg(off), 1)} % (${groups.length}${groups.length === 200 ? '+' : ''} groups)\n`);
  } finally {
    await opened.dispose();
  }
}

for (const kind of kinds) {
  if (args.only !== 'ingest') {
    process.stdout.write(`\n${kind}: errors list over ${fmt(LOGS)} logs, ${fmt(GROUPS)} groups\n`);
    await listBench(kind);
  }
  if (args.only !== 'list') {
    process.stdout.write(`\n${kind}: ingest with grouping on vs off (${ROUNDS} rounds of ${DURATION_MS / 1000} s each)\n`);
    await ingestBench(kind);
  }
}
