/**
 * Alerting benchmark (issue 15), on SQLite and, when DATABASE_URL is set, PostgreSQL:
 *  1. cost: 200 rules (a mix of every kind) evaluated every minute over N logs loaded across 7 days. Each round
 *     advances the scheduler's clock one minute and runs every rule; reported as CPU seconds of this process per
 *     minute of evaluation, as % of one core (process.cpuUsage: the SQLite store runs in-process; PostgreSQL's
 *     own CPU is not in it, so the wall time per round, an upper bound for both, is shown too). Target < 10 %.
 *  2. fire latency: `--repeats` rules, each waiting for its own word, with their next run spread at random over
 *     the interval (as rules created at any time are); the logs are committed (acknowledged), and the time until
 *     each rule's firing event is committed is measured with the scheduler running on the real clock at its
 *     default tick. Target p95 < 60 s.
 * Run `npm run bench:alerts -- --help`.
 */
import { AlertScheduler } from '../src/alerts/scheduler.js';
import type { AlertCondition } from '../src/store/alerts-types.js';
import type { Store } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad } from './lib/bulk-load.js';
import { percentile } from './lib/load.js';
import { SERVICES } from './lib/logs.js';
import { openFreshStore } from './lib/raw-store.js';

const HELP = `npm run bench:alerts -- [--logs 10000000] [--rules 200] [--rounds 5] [--repeats 10] [--interval 60] [--tick-ms 5000]
Stores: SQLite in a temporary directory; PostgreSQL too when DATABASE_URL is set (a role that may CREATE DATABASE).
--logs: logs loaded over 7 days (10 M is the issue's target; the default is a quick run).
--rounds: simulated minutes of evaluation for the cost; --repeats: rules timed for the fire latency.`;

const args = flags(
  {
    logs: { type: 'string', default: '100000' },
    rules: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '10' },
    interval: { type: 'string', default: '60' },
    'tick-ms': { type: 'string', default: '5000' },
  },
  HELP,
);
const LOGS = positiveNumber('logs', args.logs);
const RULES = positiveNumber('rules', args.rules);
const ROUNDS = positiveNumber('rounds', args.rounds);
const REPEATS = positiveNumber('repeats', args.repeats);
const INTERVAL_S = positiveNumber('interval', args.interval);
const TICK_MS = positiveNumber('tick-ms', args['tick-ms']);
const kinds: Array<'sqlite' | 'postgres'> = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** The mix of the 200: mostly query thresholds (the common rule), then every other kind. */
function conditionOf(i: number): AlertCondition {
  const service = SERVICES[i % SERVICES.length]!;
  switch (i % 10) {
    case 0: return { kind: 'query', query: 'level:error', window_s: 300, op: '>', threshold: 100 };
    case 1: return { kind: 'query', query: `service:${service} level:>=warn`, window_s: 300, op: '>', threshold: 50 };
    case 2: return { kind: 'query', query: 'request', window_s: 600, op: '>', threshold: 1000 };
    case 3: return { kind: 'query', query: 'level:error', window_s: 900, op: '>', threshold: 10, group_by: 'service' };
    case 4: return { kind: 'query', query: `service:${service} timeout`, window_s: 300, op: '>=', threshold: 1 };
    case 5: return { kind: 'silence', service, window_s: 900 };
    case 6: return { kind: 'error_group', event: i % 20 === 6 ? 'new' : 'frequency', window_s: 3600, threshold: 100 };
    case 7: return { kind: 'error_rate', service, window_s: 300, threshold_pct: 5 };
    case 8: return { kind: 'latency', service, window_s: 300, percentile: 95, threshold_ms: 1000 };
    default: return { kind: 'query', query: 'level:fatal', window_s: 3600, op: '>', threshold: 0 };
  }
}

async function cost(store: Store, projectId: number): Promise<void> {
  const t0 = Date.now();
  for (let i = 0; i < RULES; i++) {
    await store.createAlertRule({ projectId, name: `rule ${i}`, severity: 'warning', intervalS: 60, forS: 0, reminderS: 3600, channelIds: [], condition: conditionOf(i), nextRunAt: t0 });
  }
  let now = t0;
  const scheduler = new AlertScheduler({ store, publicUrl: 'http://localhost:3000', tickMs: 60_000, clock: () => now });
  await scheduler.tick(); // warm-up: first reads of the pages
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    now += 60_000;
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const n = await scheduler.tick();
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1e6);
    wall.push((performance.now() - w0) / 1000);
    if (n < RULES) process.stdout.write(`  round ${r + 1}: only ${n} of ${RULES} rules evaluated\n`);
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  process.stdout.write(
    `  cost: ${RULES} rules per minute over ${fmt(LOGS)} logs: ${fmt(avg(cpu), 3)} CPU s per minute = ${fmt((avg(cpu) / 60) * 100, 2)} % of one core` +
      ` (wall ${fmt(avg(wall), 3)} s per round = ${fmt((avg(wall) / 60) * 100, 2)} %; target < 10 %)\n`,
  );
}

async function latency(store: Store, projectId: number): Promise<void> {
  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const rule = await store.createAlertRule({
      projectId, name: `latency ${i}`, severity: 'critical', intervalS: INTERVAL_S, forS: 0, reminderS: 0, channelIds: [],
      condition: { kind: 'query', query: `zeta${i}marker`, window_s: 300, op: '>=', threshold: 1 },
      nextRunAt: now + Math.floor(Math.random() * INTERVAL_S * 1000), // created at any moment: a random phase
    });
    ids.push(rule.id);
  }
  const scheduler = new AlertScheduler({ store, publicUrl: 'http://localhost:3000', tickMs: TICK_MS });
  scheduler.start();
  const acked = Date.now();
  await store.insertLogs(ids.map((_, i) => ({
    projectId, ts: Date.now(), receivedAt: Date.now(), level: 'ERROR' as const, service: 'api', message: `zeta${i}marker happened`, context: '{}',
    environment: null, version: null, host: null, traceId: null, spanId: null,
  })));
  const ackAt = Date.now();
  const fired = new Map<string, number>();
  const deadline = ackAt + INTERVAL_S * 1000 + 10 * TICK_MS + 60_000;
  while (fired.size < ids.length && Date.now() < deadline) {
    for (const e of await store.listAlertEvents({ projectIds: [projectId], limit: 500 })) {
      if (ids.includes(e.ruleId) && e.kind === 'firing' && !fired.has(e.ruleId)) fired.set(e.ruleId, Date.now() - ackAt);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await scheduler.stop();
  const sorted = [...fired.values()].sort((a, b) => a - b);
  process.stdout.write(
    `  fire latency (logs acknowledged in ${fmt(ackAt - acked)} ms -> firing event committed, interval ${INTERVAL_S} s, tick ${TICK_MS} ms): ` +
      `${sorted.length} of ${ids.length} fired; p50 ${fmt(percentile(sorted, 50) / 1000, 1)} s, p95 ${fmt(percentile(sorted, 95) / 1000, 1)} s, max ${fmt((sorted.at(-1) ?? NaN) / 1000, 1)} s (target p95 < 60 s)\n`,
  );
}

for (const kind of kinds) {
  process.stdout.write(`\n${kind}: loading ${fmt(LOGS)} logs\n`);
  const opened = await openFreshStore(kind, { adminUrl: process.env.DATABASE_URL });
  try {
    const { store } = opened;
    const user = await store.createUser({ email: 'bench@example.com', name: 'Bench', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: user.id, name: 'bench', slug: 'bench', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'bench-hash', 'dsk_bench');
    await bulkLoad(store, project.id, LOGS);
    await cost(store, project.id);
    await latency(store, project.id);
  } finally {
    await opened.dispose();
  }
}
