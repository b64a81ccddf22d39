/**
 * Cold rows on SQLite (issue 13's storage target; src/store/sqlite/cold.ts): `--logs` generated logs over one
 * day loaded and indexed, a set of searches timed on them hot; then the store opened again with cold rows on,
 * its writer moving the logs into blocks while a steady ingest commits a small batch every 5 ms (each commit
 * timed: the issue allows no ingest stall over 50 ms); then the same searches timed on the cold logs, their
 * answers compared with the hot ones. Bytes per log: `npm run bench:storage -- --store sqlite --cold`.
 * Run `npm run bench:cold -- --help`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad, waitForSqliteFts } from './lib/bulk-load.js';
import { describeFigures, figures, steadyIngest } from './lib/retention-load.js';
import { rng, rows as genRows } from './lib/logs.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { parseQuery } from '../src/search/parser.js';
import type { Store } from '../src/store/types.js';

const HELP = `npm run bench:cold -- [--logs 1000000] [--runs 5]
Prints the ingest commit latency while logs go cold, the time it took, and search times on the same logs
hot and cold (median of --runs), with their answers compared.`;
const args = flags({ logs: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } }, HELP);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-cold-bench-'));
const file = path.join(dir, 'devsmith.db');

const SEARCHES = ['', 'request', '"card declined"', 'ctx.user_id:user_42', 'host:node-7.eu-west-1.internal', 'service:checkout -level:debug ctx.http.status:[500 TO 599]', 'level:>=warn (payment OR upstream) ctx.duration_ms:>1000'];

async function timeSearches(store: Store, projectId: number, to: number): Promise<Map<string, { list: number; count: number; answer: string }>> {
  const out = new Map<string, { list: number; count: number; answer: string }>();
  for (const q of SEARCHES) {
    const filter = { projectIds: [projectId], to, from: to - 86_400_000, ...(q ? { query: parseQuery(q) } : {}) };
    const lists: number[] = [];
    const counts: number[] = [];
    let answer = '';
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const page = await store.queryLogs({ ...filter, limit: 100 });
      lists.push(performance.now() - t0);
      t0 = performance.now();
      const count = await store.countLogs(filter);
      counts.push(performance.now() - t0);
      answer = JSON.stringify([count, page.data]);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    out.set(q, { list: median(lists), count: median(counts), answer });
  }
  return out;
}

try {
  // 1. Hot: loaded and indexed, no cold rows.
  let store = await openSqliteStore({ path: file });
  const owner = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
  const project = await store.createProject({ ownerId: owner.id, name: 'api', slug: 'api', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_x');
  await bulkLoad(store, project.id, n, 1);
  const loadedUpTo = Date.now() - 30_000; // every loaded log is older (bulkLoad ends a minute ago)
  await waitForSqliteFts(file);
  const hot = await timeSearches(store, project.id, loadedUpTo);
  let stop = performance.now() + 3000;
  const baseline = await steadyIngest(store, project.id, () => performance.now() > stop);
  await store.close();

  // 2. Cold rows on: the writer moves the loaded logs into blocks while ingest goes on.
  store = await openSqliteStore({ path: file, coldAfterMs: 1000 });
  await store.commitBatches([{ rows: genRows(rng(1), project.id, 1) }]); // the writer thread started
  const meta = new Database(file, { readonly: true });
  const coldUpto = meta.prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'cold_upto'").pluck();
  const target = n - (n % 16_384); // the last part of a chunk waits for more logs or a day
  const t0 = performance.now();
  let done = false;
  const watch = (async () => {
    while ((coldUpto.get() as number) < target) await new Promise((res) => setTimeout(res, 200));
    done = true;
  })();
  const during = await steadyIngest(store, project.id, () => done);
  await watch;
  const took = performance.now() - t0;
  process.stdout.write(`ingest alone (20 logs every 5 ms): ${describeFigures(figures(baseline))}\n`);
  process.stdout.write(`ingest while ${fmt(target)} logs went cold in ${fmt(took / 1000, 1)} s (${fmt(target / (took / 1000))} logs/s): ${describeFigures(figures(during))}\n`);
  await store.close();

  meta.close();
  const db = new Database(file, { readonly: true });
  const cold = db.prepare("SELECT COUNT(*) FROM logs WHERE typeof(message) = 'blob'").pluck().get() as number;
  const blocks = db.prepare('SELECT COUNT(*) AS n, SUM(length(data)) AS bytes FROM log_blocks').get() as { n: number; bytes: number };
  db.close();
  process.stdout.write(`${fmt(cold)} logs cold in ${fmt(blocks.n)} blocks, ${fmt(blocks.bytes / cold, 1)} bytes of block a log (bytes per log in all: npm run bench:storage -- --store sqlite --cold)\n`);

  // 4. The same searches on the cold logs: times, and the answers compared.
  store = await openSqliteStore({ path: file });
  const coldTimes = await timeSearches(store, project.id, loadedUpTo);
  await store.close();
  process.stdout.write(`\nsearch over the loaded day (median of ${runs}, ms): newest 100 hot → cold | count hot → cold | same answer\n`);
  for (const q of SEARCHES) {
    const h = hot.get(q)!;
    const c = coldTimes.get(q)!;
    process.stdout.write(`  ${(q || '(everything)').padEnd(52)} ${fmt(h.list, 1).padStart(7)} → ${fmt(c.list, 1).padStart(7)} | ${fmt(h.count, 1).padStart(7)} → ${fmt(c.count, 1).padStart(7)} | ${h.answer === c.answer ? 'yes' : 'NO'}\n`);
    if (h.answer !== c.answer) process.exitCode = 1;
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
