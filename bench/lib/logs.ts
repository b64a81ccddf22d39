/**
 * Realistic generated logs for benchmarks and fault tests: messages of 60–200 characters drawn from a few
 * hundred templates with variable parts, 3–6 context fields, 5 services, levels weighted like production.
 * Deterministic for a seed, so two runs send the same traffic.
 */
import type { Level, LogRow } from '../../src/store/types.js';

/** A small fast PRNG (mulberry32): Math.random would make runs differ. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SERVICES = ['api-gateway', 'checkout', 'auth', 'search', 'billing-worker'];
/** Production-like: mostly INFO and DEBUG, a few WARN and ERROR. */
const LEVEL_WEIGHTS: Array<[Level, number]> = [['DEBUG', 0.3], ['INFO', 0.6], ['WARN', 0.07], ['ERROR', 0.03]];
/** The word the query benchmark counts as common: it occurs in about a third of the messages. */
export const COMMON_WORD = 'request';
/** The word the query benchmark counts as rare: planted in about one message in `RARE_EVERY`. */
export const RARE_WORD = 'zanzibar';
export const RARE_EVERY = 100_000;

type Var = (r: () => number) => string;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const hex = (r: () => number, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');

const VARS: Record<string, Var> = {
  user: (r) => `user_${int(r, 1, 50_000)}`,
  order: (r) => `ord_${hex(r, 10)}`,
  ms: (r) => String(int(r, 1, 2500)),
  path: (r) => pick(r, ['/api/users', '/api/orders', '/api/cart/items', '/api/search', '/api/invoices', '/healthz', '/api/sessions']),
  ip: (r) => `10.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`,
  status: (r) => pick(r, ['200', '201', '204', '301', '400', '401', '404', '409', '500', '503']),
  table: (r) => pick(r, ['users', 'orders', 'payments', 'sessions', 'inventory', 'audit_log']),
  n: (r) => String(int(r, 1, 10_000)),
  host: (r) => `node-${int(r, 1, 40)}.eu-west-1.internal`,
  amount: (r) => (int(r, 100, 999_999) / 100).toFixed(2),
  queue: (r) => pick(r, ['emails', 'webhooks', 'invoices', 'exports', 'thumbnails']),
  err: (r) => pick(r, ['ECONNRESET', 'ETIMEDOUT', 'deadlock detected', 'unique violation', 'card declined', 'rate limited upstream']),
};

const SUBJECTS = [
  'HTTP request {path} completed with status {status} in {ms} ms for {user} from {ip}',
  'Incoming request {path} from {ip} accepted by router on {host}',
  'Query on {table} returned {n} rows in {ms} ms (plan cached, pool slot {n})',
  'Order {order} placed by {user} for amount {amount} EUR, payment pending',
  'Payment for {order} failed: {err}; will retry in {ms} ms',
  'Cache miss for {table} key {order}; loaded from primary in {ms} ms',
  'Job {order} from queue {queue} finished in {ms} ms after {n} attempts',
  'User {user} signed in from {ip} using password and one-time code',
  'Session for {user} expired after {n} seconds of inactivity on {host}',
  'Upstream {host} answered {status} to request {path} after {ms} ms',
  'Connection pool for {table} at {n} of 64 connections, waiting requests {n}',
  'Webhook delivery {order} to customer endpoint failed with {err}',
  'Search for "{table}" by {user} matched {n} documents in {ms} ms',
  'Invoice {order} generated for {user}: total {amount} EUR, {n} lines',
  'Rate limit for {user} at {n} requests per minute on {path}',
  'Retrying request {path} to {host} after {err} (attempt {n})',
  'Background export {order} wrote {n} rows of {table} to object storage',
  'Health check of {host} took {ms} ms; replication lag {n} ms',
  'Feature flag evaluation for {user} on {path} returned variant {status}',
  'Slow request {path}: {ms} ms spent in database, {n} queries issued',
];
const PREFIXES = ['', 'worker: ', 'scheduler: ', 'http: ', 'db: ', 'cache: ', 'grpc: ', 'cron: ', 'consumer: ', 'edge: ', 'batch: ', 'ui-bff: ', 'admin: ', 'sync: ', 'ledger: '];
const SUFFIXES = ['', ' (trace sampled)', ' [region eu-west-1]', ' after warm start', ' under degraded mode', ' with retries disabled', ' via internal network', ' on canary build', ' in shadow mode', ' behind feature gate', ' for tenant acme', ' during nightly window', ' with compression on', ' from mobile client', ' with stale cache'];
/** 300 templates: 20 subjects, each under several of the 15 prefixes and 15 suffixes. */
const TEMPLATES = Array.from({ length: 300 }, (_, i) => {
  const r = rng(1000 + i);
  return pick(r, PREFIXES) + SUBJECTS[i % SUBJECTS.length] + pick(r, SUFFIXES);
});

function fill(template: string, r: () => number): string {
  let msg = template.replace(/\{(\w+)\}/g, (_, name: string) => VARS[name]!(r));
  if (msg.length < 60) msg += ` (request id ${hex(r, 60 - msg.length)})`;
  return msg.length > 200 ? msg.slice(0, 200) : msg;
}

function level(r: () => number): Level {
  let x = r();
  for (const [l, w] of LEVEL_WEIGHTS) if ((x -= w) < 0) return l;
  return 'INFO';
}

export interface GeneratedEntry {
  level: Level;
  message: string;
  service: string;
  context: Record<string, unknown>;
  timestamp?: number;
}

/** One entry; `tag` (fault tests) is put in the context and the message so every entry can be found again. */
export function entry(r: () => number, tag?: string): GeneratedEntry {
  const lvl = level(r);
  let message = fill(pick(r, TEMPLATES), r);
  if (r() < 1 / RARE_EVERY) message = `${message.slice(0, 180)} ${RARE_WORD}`;
  if (tag) message = `${tag} ${message}`.slice(0, 200);
  const context: Record<string, unknown> = { request_id: hex(r, 16), user_id: VARS.user!(r), duration_ms: int(r, 1, 2500) };
  const extra = int(r, 0, 3);
  if (extra > 0) context.http = { method: pick(r, ['GET', 'POST', 'PUT', 'DELETE']), status: Number(VARS.status!(r)) };
  if (extra > 1) context.region = pick(r, ['eu-west-1', 'us-east-1', 'ap-south-1']);
  if (extra > 2) context.build = `v1.${int(r, 0, 40)}.${int(r, 0, 9)}`;
  if (tag) context.tag = tag;
  return { level: lvl, message, service: pick(r, SERVICES), context };
}

/** The JSON body of POST /api/logs/batch: entries of one request share a service, like a real client. */
export function batchBody(r: () => number, size: number, tagOf?: (i: number) => string): string {
  const service = pick(r, SERVICES);
  const logs = Array.from({ length: size }, (_, i) => {
    const e = entry(r, tagOf?.(i));
    return { level: e.level, message: e.message, context: e.context };
  });
  return JSON.stringify({ service_name: service, environment: 'production', host: VARS.host!(r), logs });
}

/** The JSON body of POST /api/logs (one entry). */
export function singleBody(r: () => number, tag?: string): string {
  const e = entry(r, tag);
  return JSON.stringify({ service_name: e.service, log: { level: e.level, message: e.message, context: e.context } });
}

/** Store rows with the same shape as what ingestion makes of the bodies above (the raw-insert reference). */
export function rows(r: () => number, projectId: number, count: number, tsOf: (i: number) => number = () => Date.now()): LogRow[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const e = entry(r);
    return {
      projectId,
      ts: tsOf(i),
      receivedAt: now,
      level: e.level,
      service: e.service,
      message: e.message,
      context: JSON.stringify(e.context),
      environment: 'production',
      version: null,
      host: VARS.host!(r),
      traceId: null,
      spanId: null,
    };
  });
}
