/**
 * OTLP/HTTP protobuf ingest against our own JSON endpoint, same server, same logs, same batch size (issue 16
 * target: OTLP >= 80 % of JSON logs/s). The entries of bench/lib/logs.ts are sent once as our JSON envelope to
 * /api/logs/batch and once as ExportLogsServiceRequest protobuf to /v1/logs (context fields as attributes, the
 * envelope fields as resource attributes); the phases alternate (JSON, OTLP, JSON, OTLP) so that a store growing
 * during the run weighs on both alike. Run `npm run bench:otlp -- --help`.
 */
import { bootstrap, startServer } from '../test/helpers/server.js';
import { encodeRequest } from '../src/protocols/otlp/codec.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { percentile, runLoad, type LoadResult } from './lib/load.js';
import { entry, rng, SERVICES, type GeneratedEntry } from './lib/logs.js';
import { createTempDatabase } from './lib/pg.js';
import { cpuMs } from './lib/proc.js';

const HELP = `npm run bench:otlp -- [--batch 100] [--concurrency 16] [--duration 10] [--rounds 2]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE).`;

const args = flags(
  {
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    'log-level': { type: 'string', default: 'warn' },
  },
  HELP,
);
const batchSize = positiveNumber('batch', args.batch);
const concurrency = positiveNumber('concurrency', args.concurrency);
const durationMs = positiveNumber('duration', args.duration) * 1000;
const rounds = positiveNumber('rounds', args.rounds);

type Any = Record<string, unknown>;
function anyValue(v: unknown): Any {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
  if (v && typeof v === 'object') return { kvlistValue: { values: Object.entries(v).map(([key, value]) => ({ key, value: anyValue(value) })) } };
  return {};
}
const SEVERITY = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;

/** The same batches in both encodings. */
function batches(count: number): { json: Buffer[]; otlp: Buffer[] } {
  const r = rng(42);
  const json: Buffer[] = [];
  const otlp: Buffer[] = [];
  for (let b = 0; b < count; b++) {
    const service = SERVICES[b % SERVICES.length]!;
    const host = `node-${b % 40}.eu-west-1.internal`;
    const entries: GeneratedEntry[] = Array.from({ length: batchSize }, () => entry(r));
    const now = Date.now();
    json.push(Buffer.from(JSON.stringify({
      service_name: service, environment: 'production', host,
      logs: entries.map((e) => ({ level: e.level, message: e.message, context: e.context, timestamp: now })),
    })));
    otlp.push(encodeRequest({
      resourceLogs: [{
        resource: { attributes: Object.entries({ 'service.name': service, 'deployment.environment.name': 'production', 'host.name': host }).map(([key, value]) => ({ key, value: anyValue(value) })) },
        scopeLogs: [{
          scope: { name: 'bench' },
          logRecords: entries.map((e) => ({
            timeUnixNano: String(BigInt(now) * 1_000_000n),
            severityNumber: SEVERITY[e.level],
            body: { stringValue: e.message },
            attributes: Object.entries(e.context).map(([key, value]) => ({ key, value: anyValue(value) })),
          })),
        }],
      }],
    }));
  }
  return { json, otlp };
}

function logsPerSec(load: LoadResult): number {
  const ok = Object.entries(load.byStatus).filter(([s]) => s.startsWith('2')).reduce((n, [, c]) => n + c, 0);
  return (ok * batchSize) / (load.elapsedMs / 1000);
}

const { json, otlp } = batches(200);
const db = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL, 'devsmith_bench') : null;
const server = await startServer({
  env: { LOG_LEVEL: args['log-level'], DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000000', ...(db ? { DATABASE_URL: db.url } : {}) },
});
try {
  const { apiKey } = await bootstrap(server.url, 'Bench');
  const auth = { authorization: `Bearer ${apiKey}` };
  const phases = {
    json: { path: '/api/logs/batch', headers: { ...auth, 'content-type': 'application/json' }, bodies: json },
    otlp: { path: '/v1/logs', headers: { ...auth, 'content-type': 'application/x-protobuf' }, bodies: otlp },
  };
  for (const p of Object.values(phases)) await runLoad({ url: server.url, ...p, concurrency, durationMs: 2000 }); // warm-up
  const rates: Record<'json' | 'otlp', number[]> = { json: [], otlp: [] };
  // Server CPU per 1000 stored logs: steadier than logs/s on a shared machine, and what the ratio comes from.
  const cpu: Record<'json' | 'otlp', number[]> = { json: [], otlp: [] };
  const pid = server.proc.pid!;
  for (let round = 0; round < rounds; round++) {
    for (const name of ['json', 'otlp'] as const) {
      // A 200 OTLP answer with a body is a partial success: records were refused, so the figure would lie.
      let partial = 0;
      const onResponse = (status: number, _n: number, body: string) => void (status === 200 && body.length && partial++);
      const cpu0 = cpuMs(pid);
      const load = await runLoad({ url: server.url, ...phases[name], concurrency, durationMs, onResponse });
      const stored = logsPerSec(load) * (load.elapsedMs / 1000);
      cpu[name].push(((cpuMs(pid) - cpu0) / stored) * 1000);
      if (partial) throw new Error(`${partial} answers refused records: the bench bodies are wrong`);
      const rate = logsPerSec(load);
      rates[name].push(rate);
      console.log(`${name.padEnd(5)} round ${round + 1}: ${fmt(rate).padStart(9)} logs/s  p50 ${fmt(percentile(load.latenciesMs, 50), 1)} ms  p99 ${fmt(percentile(load.latenciesMs, 99), 1)} ms  server CPU ${fmt(cpu[name].at(-1)!, 1)} ms/1000 logs  statuses ${JSON.stringify(load.byStatus)}`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const share = mean(rates.otlp) / mean(rates.json);
  console.log(`\nbatch ${batchSize}, concurrency ${concurrency}, ${db ? 'PostgreSQL' : 'SQLite'}: JSON ${fmt(mean(rates.json))} logs/s, OTLP protobuf ${fmt(mean(rates.otlp))} logs/s = ${fmt(share * 100, 1)} % (target >= 80 %)`);
  console.log(`server CPU per 1000 logs: JSON ${fmt(mean(cpu.json), 1)} ms, OTLP ${fmt(mean(cpu.otlp), 1)} ms (JSON/OTLP ${fmt((mean(cpu.json) / mean(cpu.otlp)) * 100, 1)} %)`);
  console.log(`avg body: JSON ${fmt(json.reduce((s, b) => s + b.length, 0) / json.length)} B, OTLP ${fmt(otlp.reduce((s, b) => s + b.length, 0) / otlp.length)} B`);
} finally {
  await server.stop();
  await db?.drop();
}
