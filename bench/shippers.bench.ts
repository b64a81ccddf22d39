/**
 * Shipper protocols against our own JSON API: the real server (a child process; SQLite, or PostgreSQL when
 * DATABASE_URL is set) takes the same generated logs as `/api/logs/batch` JSON, Loki push JSON, Loki push
 * protobuf + Snappy (Promtail's encoding) and Elasticsearch `_bulk` NDJSON, one phase each; every protocol's
 * logs/s is printed with its share of the JSON API's. Run `npm run bench:shippers -- --help`.
 */
import fs from 'node:fs';
import snappy from 'snappyjs';
import { bootstrap, startServer } from '../test/helpers/server.js';
import { pushRequestType } from '../src/protocols/loki/protobuf.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { percentile, runLoad } from './lib/load.js';
import { entry, rng, type GeneratedEntry } from './lib/logs.js';
import { createTempDatabase } from './lib/pg.js';

const HELP = `npm run bench:shippers -- [--batch 100] [--concurrency 16] [--duration 10]
Store: SQLite in a temporary data dir; PostgreSQL when DATABASE_URL is set (a role that may CREATE DATABASE).`;
const args = flags({ batch: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '16' }, duration: { type: 'string', default: '10' } }, HELP);
const batch = positiveNumber('batch', args.batch);
const concurrency = positiveNumber('concurrency', args.concurrency);
const durationMs = positiveNumber('duration', args.duration) * 1000;

// Bodies are encoded before any clock starts: the client then only writes bytes.
const r = rng(42);
const batches = Array.from({ length: 100 }, () => Array.from({ length: batch }, () => entry(r)));
const ns = (i: number) => `${BigInt(Date.now()) * 1_000_000n + BigInt(i)}`;

const encoders: Record<string, { path: string; type: string; encode: (logs: GeneratedEntry[]) => Buffer }> = {
  'JSON /api/logs/batch': {
    path: '/api/logs/batch',
    type: 'application/json',
    encode: (logs) => Buffer.from(JSON.stringify({ service_name: logs[0]!.service, logs: logs.map(({ level, message, context }) => ({ level, message, context })) })),
  },
  'Loki JSON': {
    path: '/loki/api/v1/push',
    type: 'application/json',
    encode: (logs) => Buffer.from(JSON.stringify({ streams: [{ stream: { service_name: logs[0]!.service }, values: logs.map((e, i) => [ns(i), JSON.stringify({ level: e.level, msg: e.message, ...e.context })]) }] })),
  },
  'Loki protobuf (Snappy)': {
    path: '/loki/api/v1/push',
    type: 'application/x-protobuf',
    encode: (logs) => {
      const type = pushRequestType();
      const entries = logs.map((e) => ({ timestamp: { seconds: Math.floor(Date.now() / 1000) }, line: JSON.stringify({ level: e.level, msg: e.message, ...e.context }) }));
      return Buffer.from(snappy.compress(type.encode(type.fromObject({ streams: [{ labels: `{service_name="${logs[0]!.service}"}`, entries }] })).finish()));
    },
  },
  'Elasticsearch _bulk': {
    path: '/_bulk',
    type: 'application/x-ndjson',
    encode: (logs) => Buffer.from(logs.map((e) => `{"create":{"_index":"${e.service}"}}\n${JSON.stringify({ '@timestamp': new Date().toISOString(), message: e.message, 'log.level': e.level, ...e.context })}\n`).join('')),
  },
};

const adminUrl = process.env.DATABASE_URL || null;
const db = adminUrl ? await createTempDatabase(adminUrl, 'devsmith_bench') : null;
const server = await startServer({ env: { LOG_LEVEL: 'warn', DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000000', ...(db ? { DATABASE_URL: db.url } : {}) } });
console.log(`shipper protocols: store ${db ? 'postgres' : 'sqlite'}, ${batch} logs per request, concurrency ${concurrency}, ${durationMs / 1000} s per phase`);
try {
  const { apiKey } = await bootstrap(server.url, 'Bench');
  let reference = 0;
  for (const [name, { path, type, encode }] of Object.entries(encoders)) {
    const opts = { url: server.url, path, headers: { 'content-type': type, authorization: `Bearer ${apiKey}` }, bodies: batches.map(encode), concurrency };
    await runLoad({ ...opts, durationMs: 2000 }); // warm-up
    const load = await runLoad({ ...opts, durationMs });
    const ok = Object.entries(load.byStatus).filter(([s]) => s.startsWith('2')).reduce((n, [, c]) => n + c, 0);
    const logsPerSec = (ok * batch) / (load.elapsedMs / 1000);
    reference ||= logsPerSec;
    console.log(`${name.padEnd(24)} ${fmt(logsPerSec).padStart(9)} logs/s  ${fmt((100 * logsPerSec) / reference, 1).padStart(5)} % of JSON  p50 ${fmt(percentile(load.latenciesMs, 50), 1)} ms  p99 ${fmt(percentile(load.latenciesMs, 99), 1)} ms  statuses ${JSON.stringify(load.byStatus)}`);
  }
} finally {
  await server.stop();
  await db?.drop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}
