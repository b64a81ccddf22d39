/**
 * The one place where request and operation logs are recognised (issue 14): every convention we accept is
 * mapped here, at ingest, to the facts the performance aggregates need. A log is a request (`http`) when it
 * names a method or a route/path, an `operation` when it names one; either way it needs a duration.
 * Conventions, first match wins (docs/performance.md has the table):
 * - ours: `context.http = {method, route, status, duration_ms}`; `context.operation` + `context.duration_ms`
 * - OpenTelemetry attributes, flat dotted keys or nested: `http.request.method`, `http.route`,
 *   `http.response.status_code`, `url.path`, `http.server.request.duration` (seconds)
 * - pino-http: `req.method`, `req.url`, `res.statusCode`, `responseTime` (ms)
 * - durations with their unit in the name (`duration_ms`, `duration_s`, `duration_ns`) or in a string
 *   (`"12ms"`, `"1.2s"`, `"350us"`); a bare number `duration` is milliseconds.
 */
import { routeTemplate } from './routes.js';

export type PerfKind = 'http' | 'operation';

export interface PerfFacts {
  kind: PerfKind;
  /** Route template (`/orders/:id`) or operation name. */
  route: string;
  method: string | null;
  status: number | null;
  durationMs: number;
}

type Obj = Record<string, unknown>;
const NAME_MAX = 200;
/** A duration above a day is a unit mistake, not a request: such a log is not aggregated. */
const MAX_DURATION_MS = 86_400_000;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A dotted path with its suffixes precomputed: looked up on every log at ingest, it allocates nothing. */
interface Path {
  parts: string[];
  /** suffixes[i]: parts i.. joined with dots. */
  suffixes: string[];
}

const pathOf = (dotted: string): Path => {
  const parts = dotted.split('.');
  return { parts, suffixes: parts.map((_, i) => parts.slice(i).join('.')) };
};

/**
 * A dotted path, as a flat key (`"http.route"`), nested objects, or flat keys below a nested level
 * (`{"http": {"request.method": ...}}`).
 */
function pickAt(obj: Obj, p: Path, i: number): unknown {
  const flat = obj[p.suffixes[i]!];
  if (flat !== undefined || i === p.parts.length - 1) return flat;
  const head = obj[p.parts[i]!];
  return isObject(head) ? pickAt(head, p, i + 1) : undefined;
}

export function pick(ctx: Obj, dotted: string): unknown {
  return pickAt(ctx, pathOf(dotted), 0);
}

function firstOf(ctx: Obj, paths: readonly Path[]): unknown {
  for (const p of paths) {
    const v = pickAt(ctx, p, 0);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function finite(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, min: 60_000 };

/** n in a unit worth `unit` ms: sub-ms units divide, so that 350 us is 0.35 ms and not 0.35000000000000003. */
const toMs = (n: number, unit: number) => (unit >= 1 ? n * unit : n / Math.round(1 / unit));

/** "12ms", "1.2s", "350us", "2m": the unit decides; a bare number is taken in `bareUnit` ms. */
export function parseDuration(v: unknown, bareUnit = 1): number | null {
  if (typeof v === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ns|us|µs|ms|s|m|min)?\s*$/i.exec(v);
    if (!m) return null;
    const unit = m[2] ? UNIT_MS[m[2].toLowerCase()] : bareUnit;
    return unit === undefined ? null : toMs(Number(m[1]), unit);
  }
  const n = finite(v);
  return n === null ? null : toMs(n, bareUnit);
}

/** Duration fields by unit; the first present wins. */
const DURATIONS: ReadonlyArray<[Path, number]> = ([
  ['http.duration_ms', 1], ['duration_ms', 1], ['durationMs', 1], ['http.server.request.duration', 1000],
  ['responseTime', 1], ['response_time_ms', 1], ['duration_s', 1000], ['duration_ns', 1e-6],
  ['http.duration', 1], ['duration', 1], ['elapsed_ms', 1], ['latency_ms', 1],
] as const).map(([p, unit]) => [pathOf(p), unit]);

function durationOf(ctx: Obj): number | null {
  for (const [path, unit] of DURATIONS) {
    const v = pickAt(ctx, path, 0);
    if (v === undefined || v === null || v === '') continue;
    const ms = parseDuration(v, unit);
    return ms !== null && ms >= 0 && ms <= MAX_DURATION_MS ? ms : null;
  }
  return null;
}

const METHOD = /^[A-Za-z]{3,10}$/;

const METHODS = ['http.method', 'http.request.method', 'req.method', 'method'].map(pathOf);
const STATUSES = ['http.status', 'http.status_code', 'http.response.status_code', 'res.statusCode', 'status_code', 'statusCode'].map(pathOf);
const TEMPLATES = ['http.route', 'route'].map(pathOf);
const RAW_PATHS = ['http.path', 'http.target', 'url.path', 'http.url', 'req.url', 'url', 'path'].map(pathOf);
const OPERATIONS = ['operation', 'op'].map(pathOf);

function methodOf(ctx: Obj): string | null {
  const v = firstOf(ctx, METHODS);
  return typeof v === 'string' && METHOD.test(v) ? v.toUpperCase() : null;
}

function statusOf(ctx: Obj): number | null {
  const v = finite(firstOf(ctx, STATUSES));
  return v !== null && Number.isInteger(v) && v >= 100 && v <= 999 ? v : null;
}

function routeOf(ctx: Obj): string | null {
  const template = firstOf(ctx, TEMPLATES);
  if (typeof template === 'string') return clip(template.trim());
  const raw = firstOf(ctx, RAW_PATHS);
  return typeof raw === 'string' ? clip(routeTemplate(raw)) : null;
}

function clip(s: string): string | null {
  return s ? s.slice(0, NAME_MAX) : null;
}

/** The performance facts of a log's context, or null when it is not a request or operation with a duration. */
export function perfFacts(ctx: Obj): PerfFacts | null {
  const durationMs = durationOf(ctx);
  if (durationMs === null) return null;
  const operation = firstOf(ctx, OPERATIONS);
  const method = methodOf(ctx);
  const route = routeOf(ctx);
  if (route !== null || (method !== null && typeof operation !== 'string')) {
    return { kind: 'http', route: route ?? '(unknown)', method, status: statusOf(ctx), durationMs };
  }
  if (typeof operation === 'string' && operation.trim()) {
    return { kind: 'operation', route: clip(operation.trim())!, method: null, status: statusOf(ctx), durationMs };
  }
  return null;
}
