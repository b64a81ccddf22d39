/**
 * Issue 17 targets: patterns over 1 M logs < 5 s (or a stated sample with its accuracy against the full run),
 * project pattern upkeep < 10 % of ingest throughput, anomaly scan of 100 services < 1 s.
 * Logs are the labelled corpus' events (test/fixtures/patterns) with fresh values, spread over 24 h and
 * `--services` services. Run `npm run bench:patterns -- --help`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scanAnomalies } from '../src/insights/anomalies/index.js';
import { minePatterns, DEFAULT_MAX_ROWS } from '../src/insights/patterns/index.js';
import { PatternUpkeep } from '../src/insights/patterns/upkeep.js';
import type { LogRow, Store } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { rng } from './lib/logs.js';
import { openFreshStore } from './lib/raw-store.js';

const HELP = `npm run bench:patterns -- [--rows 1000000] [--services 100] [--backend sqlite|postgres] [--max-rows ${DEFAULT_MAX_ROWS}]
PostgreSQL needs TEST_DATABASE_URL (a superuser URL; a throwaway database is made).`;
const args = flags({
  rows: { type: 'string', default: '1000000' },
  services: { type: 'string', default: '100' },
  backend: { type: 'string', default: 'sqlite' },
  'max-rows': { type: 'string', default: String(DEFAULT_MAX_ROWS) },
}, HELP);
const ROWS = positiveNumber('rows', args.rows);
const SERVICES = positiveNumber('services', args.services);
const MAX_ROWS = positiveNumber('max-rows', args['max-rows']);
const HOUR = 3_600_000;
const out = (s: string) => process.stdout.write(s + '\n');

const dir = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'patterns');
const corpus = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { message: string }).message));
const rand = rng(17);
// A line of the corpus with its numbers changed, so that rows differ like real ones.
const message = () => corpus[Math.floor(rand() * corpus.length)]!.replace(/\d+/g, () => String(Math.floor(rand() * 10_000)));

function rowsOf(projectId: number, n: number, from: number, to: number): LogRow[] {
  return Array.from({ length: n }, () => {
    const ts = from + Math.floor(rand() * (to - from));
    return {
      projectId, ts, receivedAt: ts, level: rand() < 0.05 ? 'ERROR' : 'INFO', service: `svc-${Math.floor(rand() ** 2 * SERVICES)}`,
      message: message(), context: '{}', environment: null, version: null, host: null, traceId: null, spanId: null,
    };
  });
}

async function load(store: Store, projectId: number, n: number, from: number, to: number): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < n; done += 20_000) await store.insertLogs(rowsOf(projectId, Math.min(20_000, n - done), from, to));
  return n / ((performance.now() - started) / 1000);
}

const opened = await openFreshStore(args.backend === 'postgres' ? 'postgres' : 'sqlite', { adminUrl: process.env.TEST_DATABASE_URL });
const { store } = opened;
try {
  const owner = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
  const project = await store.createProject({ ownerId: owner.id, name: 'p', slug: 'p', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_x');
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  out(`backend ${store.kind}, ${fmt(ROWS)} logs over 24 h, ${SERVICES} services, ${corpus.length} corpus lines as events`);

  // 1. Ingest with the upkeep off, then the same amount with it running beside (the server's setup).
  const half = Math.floor(ROWS / 2);
  const off = await load(store, project.id, half, now - 24 * HOUR, now);
  const t0 = performance.now();
  const caughtUp = await new PatternUpkeep(store, { lagMs: 0, maxBatches: 1_000_000 }).runOnce();
  const upkeepRate = caughtUp / ((performance.now() - t0) / 1000);
  const job = new PatternUpkeep(store, { lagMs: 0, intervalMs: 200, maxBatches: 1_000_000 });
  job.start();
  const on = await load(store, project.id, ROWS - half, now - 24 * HOUR, now);
  await job.stop();
  await job.runOnce(); // what it had not caught up with yet
  out(`ingest (insertLogs): ${fmt(off)} logs/s with the upkeep off, ${fmt(on)} logs/s with it on (on/off ${fmt(on / off, 2)}; a quiet machine is needed for this one)`);
  out(`upkeep alone: ${fmt(caughtUp)} logs filed at ${fmt(upkeepRate)} logs/s (${fmt((off / upkeepRate) * 100, 1)} % of the ingest time of the same logs)`);

  // 2. Patterns over the 24 h: sampled (the default) and full, and the sample's accuracy on the top 20.
  const range = { projectIds: [project.id], from: now - 24 * HOUR, to: now };
  let t = performance.now();
  const sampled = await minePatterns(store, range, { limit: 20, baseline: false, maxRows: MAX_ROWS });
  const sampledS = (performance.now() - t) / 1000;
  t = performance.now();
  const full = await minePatterns(store, range, { limit: 20, baseline: false, maxRows: Number.MAX_SAFE_INTEGER });
  const fullS = (performance.now() - t) / 1000;
  const est = new Map(sampled.patterns.map((p) => [p.id, p.count]));
  const errs = full.patterns.map((p) => Math.abs((est.get(p.id) ?? 0) - p.count) / p.count);
  const found = full.patterns.filter((p) => est.has(p.id)).length;
  out(`patterns, sampled (max ${fmt(MAX_ROWS)} rows): ${fmt(sampledS, 2)} s, read ${fmt(sampled.scanned)} of ${fmt(sampled.matched)} (sample_rate ${fmt(sampled.sampleRate, 3)})`);
  out(`patterns, full: ${fmt(fullS, 2)} s over ${fmt(full.scanned)} logs`);
  out(`sample vs full, top 20: ${found}/20 same patterns, count error median ${fmt(median(errs) * 100, 2)} %, max ${fmt(Math.max(...errs) * 100, 2)} %`);

  // 3. Anomaly scan of the last hour, every service (5-minute buckets, a week of history read).
  t = performance.now();
  const anomalies = await scanAnomalies(store, project.id, { from: now - HOUR, to: now }, { maxServices: SERVICES });
  out(`anomaly scan of ${SERVICES} services: ${fmt((performance.now() - t) / 1000, 3)} s, ${anomalies.length} anomalies (random data: expect few)`);
} finally {
  await opened.dispose();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
