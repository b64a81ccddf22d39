/**
 * Issue 17 target: anomaly scan of 100 services < 1 s. Loads `--days` days of logs of `--services` services
 * (busy and quiet ones, a daily cycle, ~3 % errors) through the store's bulk insert, injects an incident
 * (the busiest service at 5x volume and 40 % errors over the last 20 minutes), then times `scanAnomalies`
 * over the last `--range-hours` (default 1: 5-minute buckets, the baselines' windows of 7 days read) `--runs` times and prints the median. It
 * also runs the former plan (one histogram query per service over the whole week) once, prints its time and
 * whether it finds the same anomalies, and checks that the incident is found (exit code 1 if not).
 * Run `npm run bench:anomalies -- --help`.
 */
import { bucketOf, detectAnomalies, HISTORY_DAYS, scanAnomalies, seriesOf } from '../src/insights/anomalies/index.js';
import { LEVELS, type LogRow, type Store } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { rng } from './lib/logs.js';
import { openFreshStore } from './lib/raw-store.js';

const HELP = `npm run bench:anomalies -- [--services 100] [--days 8] [--per-minute 1] [--runs 5] [--range-hours 1] [--backend sqlite|postgres]
--range-hours: the scanned range, ending now (the API's default is the last hour; 24 reads the whole week).
--per-minute: mean logs per service per minute (busy services more, quiet ones less).
PostgreSQL needs TEST_DATABASE_URL (a superuser URL; a throwaway database is made).`;
const args = flags({
  services: { type: 'string', default: '100' },
  days: { type: 'string', default: '8' },
  'per-minute': { type: 'string', default: '1' },
  runs: { type: 'string', default: '5' },
  'range-hours': { type: 'string', default: '1' },
  backend: { type: 'string', default: 'sqlite' },
}, HELP);
const SERVICES = positiveNumber('services', args.services);
const DAYS = positiveNumber('days', args.days);
const PER_MINUTE = positiveNumber('per-minute', args['per-minute']);
const RUNS = positiveNumber('runs', args.runs);
const RANGE_HOURS = positiveNumber('range-hours', args['range-hours']);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const INCIDENT_MS = 20 * MINUTE;
const out = (s: string) => process.stdout.write(s + '\n');
const rand = rng(17);

/** Poisson draw (Knuth for small means, normal approximation above 30). */
function poisson(mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
  const l = Math.exp(-mean);
  let k = 0;
  for (let p = rand(); p > l; p *= rand()) k++;
  return k;
}
function gauss(): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

// Zipf-like weights: svc-0 is the busiest; their mean is 1, so the mean rate per service is --per-minute.
const weights = Array.from({ length: SERVICES }, (_, i) => 1 / (i + 1));
const norm = SERVICES / weights.reduce((a, w) => a + w, 0);
const rates = weights.map((w) => w * norm * PER_MINUTE);
const daily = (ts: number) => 1 + 0.6 * Math.sin((2 * Math.PI * (ts % DAY)) / DAY);

/** The logs of one minute of every service (the incident in its last INCIDENT_MS for svc-0). */
function minuteRows(projectId: number, minute: number, incidentFrom: number): LogRow[] {
  const rows: LogRow[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const incident = s === 0 && minute >= incidentFrom;
    const n = poisson(rates[s]! * daily(minute) * (incident ? 5 : 1));
    for (let i = 0; i < n; i++) {
      const ts = minute + Math.floor(rand() * MINUTE);
      const level = rand() < (incident ? 0.4 : 0.03) ? 'ERROR' : LEVELS[1 + Math.floor(rand() * 3)]!; // DEBUG, INFO or WARN
      rows.push({
        projectId, ts, receivedAt: ts, level, service: `svc-${s}`, message: `request ${i} handled`, context: '{}',
        environment: null, version: null, host: null, traceId: null, spanId: null,
      });
    }
  }
  return rows;
}

async function load(store: Store, projectId: number, from: number, to: number): Promise<number> {
  let batch: LogRow[] = [];
  let total = 0;
  for (let m = from; m < to; m += MINUTE) {
    batch.push(...minuteRows(projectId, m, to - INCIDENT_MS));
    if (batch.length >= 20_000 || m + MINUTE >= to) {
      await store.insertLogs(batch);
      total += batch.length;
      batch = [];
    }
  }
  return total;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const opened = await openFreshStore(args.backend === 'postgres' ? 'postgres' : 'sqlite', { adminUrl: process.env.TEST_DATABASE_URL });
const { store } = opened;
try {
  const owner = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
  const project = await store.createProject({ ownerId: owner.id, name: 'p', slug: 'p', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_x');
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  let t = performance.now();
  const rows = await load(store, project.id, now - DAYS * DAY, now);
  out(`backend ${store.kind}: ${fmt(rows)} logs of ${SERVICES} services over ${DAYS} days loaded in ${fmt((performance.now() - t) / 1000, 1)} s`);

  const range = { from: now - RANGE_HOURS * HOUR, to: now };
  const times: number[] = [];
  let found = await scanAnomalies(store, project.id, range, { maxServices: SERVICES }); // warm-up (caches, plans)
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    found = await scanAnomalies(store, project.id, range, { maxServices: SERVICES });
    times.push(performance.now() - t);
  }
  out(`anomaly scan of ${SERVICES} services, last ${RANGE_HOURS} h, ${RUNS} runs: median ${fmt(median(times) / 1000, 3)} s (min ${fmt(Math.min(...times) / 1000, 3)}, max ${fmt(Math.max(...times) / 1000, 3)}); target < 1 s`);
  const incident = found.filter((a) => a.service === 'svc-0' && a.from >= now - INCIDENT_MS - 5 * MINUTE);
  out(`${found.length} anomalies; the injected incident (svc-0, last 20 min): ${incident.length ? incident.map((a) => `${a.metric} ${a.kind} z=${fmt(a.score, 1)}`).join(', ') : 'NOT FOUND'}`);

  // The former plan, for comparison: one histogram query per service over the whole week before the range,
  // judged the same way; its anomalies should be the ones found above.
  const services = (await store.services([project.id])).map((s) => s.service);
  const step = bucketOf(range.to - range.from);
  const start = range.from - HISTORY_DAYS * DAY;
  t = performance.now();
  const former: string[] = [];
  for (const service of services) {
    const { volume, errorRate } = seriesOf(await store.histogram({ projectIds: [project.id], services: [service], from: start, to: range.to }, step), start, range.to, step);
    for (const d of detectAnomalies(volume, { from: range.from })) former.push(`${service} volume ${d.kind} ${d.from}`);
    for (const d of detectAnomalies(errorRate, { from: range.from, kind: 'rate' })) former.push(`${service} error_rate ${d.kind} ${d.from}`);
  }
  const formerS = (performance.now() - t) / 1000;
  const now1 = new Set(found.map((a) => `${a.service} ${a.metric} ${a.kind} ${a.from}`));
  const same = former.filter((k) => now1.has(k)).length;
  out(`former plan (one histogram query per service, whole week, ${services.length} queries): ${fmt(formerS, 3)} s; same anomalies: ${same} of its ${former.length}, ${now1.size} now`);
  if (!incident.length) process.exitCode = 1;
} finally {
  await opened.dispose();
}
