/**
 * What many day partitions cost PostgreSQL queries (issue 9): the queries a dashboard runs without a time
 * bound or without `project=`, timed on a store holding a day of logs, then again after one log on each of
 * `--days` past days (what a long-lived install without retention looks like). Run
 * `npm run bench:pg-partitions -- --help`.
 */
import pg from 'pg';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad } from './lib/bulk-load.js';
import { rng, rows as genRows } from './lib/logs.js';
import { openFreshStore } from './lib/raw-store.js';

const HELP = `DATABASE_URL=postgres://... npm run bench:pg-partitions -- [--rows 100000] [--days 500] [--runs 5]
DATABASE_URL names a role allowed to CREATE DATABASE.`;
const args = flags({ rows: { type: 'string', default: '100000' }, days: { type: 'string', default: '500' }, runs: { type: 'string', default: '5' } }, HELP);
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  process.stderr.write('DATABASE_URL is required (a PostgreSQL role allowed to CREATE DATABASE)\n');
  process.exit(2);
}
const DAY = 86_400_000;
const runs = positiveNumber('runs', args.runs);

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const opened = await openFreshStore('postgres', { adminUrl });
const { store } = opened;
try {
  const owner = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
  const ids: number[] = [];
  for (const slug of ['api', 'web', 'jobs']) {
    ids.push((await store.createProject({ ownerId: owner.id, name: slug, slug, description: '', repositoryUrl: null, rateLimitPerMinute: null }, `h-${slug}`, 'dsk_x')).id);
  }
  await bulkLoad(store, ids[0]!, positiveNumber('rows', args.rows), 1);
  await store.insertLogs(genRows(rng(3), ids[1]!, 1000, (i) => Date.now() - i * 60_000));
  const maxId = await store.maxLogId();
  const queries: Array<[string, () => Promise<unknown>]> = [
    ['newest 50, all projects, no time bound', () => store.queryLogs({ projectIds: ids, limit: 50 })],
    ['newest 50, one project, no time bound', () => store.queryLogs({ projectIds: [ids[0]!], limit: 50 })],
    ['newest 50, quiet project (3 rows a day)', () => store.queryLogs({ projectIds: [ids[2]!], limit: 50 })],
    ['count, all projects, no time bound', () => store.countLogs({ projectIds: ids })],
    ['projects list with counts', () => store.listProjects(null)],
    ['services of a project', () => store.services([ids[0]!])],
    ['log by id', () => store.getLog(maxId)],
    ['live tail poll (after the newest id)', () => store.logsAfter(maxId, { projectIds: ids }, 500)],
    ['highest id', () => store.maxLogId()],
  ];
  const before = [];
  for (const [, fn] of queries) before.push(await median(fn));
  const days = positiveNumber('days', args.days);
  const t0 = performance.now();
  await store.insertLogs(Array.from({ length: days }, (_, i) => ({ ...genRows(rng(i), ids[2]!, 1)[0]!, ts: Date.now() - (i + 1) * DAY })));
  const createMs = performance.now() - t0;
  const c = new pg.Client({ connectionString: opened.url });
  await c.connect();
  const parts = (await c.query("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'logs'::regclass")).rows[0].n;
  await c.end();
  console.log(`PostgreSQL with ${fmt(parts)} day partitions (${fmt(days)} created in ${fmt(createMs / 1000, 1)} s); median of ${runs} runs, ms`);
  console.log(`${'query'.padEnd(44)} ${'1 day'.padStart(9)} ${`${fmt(parts)} days`.padStart(10)}`);
  for (const [i, [name, fn]] of queries.entries()) {
    console.log(`${name.padEnd(44)} ${fmt(before[i]!, 1).padStart(9)} ${fmt(await median(fn), 1).padStart(10)}`);
  }
} finally {
  await opened.dispose();
}
