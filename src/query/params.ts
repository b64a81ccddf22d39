/** Turns the query-string filters shared by list, count, histogram and stream into a LogFilter. */
import { parseLevels } from '../ingest/levels.js';
import { AppError } from '../errors.js';
import { parseQuery, QueryError } from '../search/index.js';
import { isLogId, type LogCursor, type LogFilter } from '../store/types.js';

export type QueryString = Record<string, string | string[] | undefined>;

function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
}

/** The times a query may name: years 0000 to 9999, so that every bound, and a day before it, is a valid Date. */
export const EARLIEST_TIME = Date.parse('0000-01-01T00:00:00.000Z');
export const LATEST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

const RELATIVE = /^now(?:([+-])(\d{1,9})([smhdw]))?$/;
const RELATIVE_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** ISO 8601, epoch milliseconds, or relative to now (`now`, `now-15m`, units s m h d w), between EARLIEST_TIME and LATEST_TIME. */
export function parseTime(value: string | undefined, name: string, now = Date.now()): number | undefined {
  if (value === undefined || value === '') return undefined;
  const rel = RELATIVE.exec(value.trim());
  const ms = rel
    ? now + (rel[1] ? (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * RELATIVE_UNITS[rel[3]!]! : 0)
    : /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new AppError('VALIDATION_FAILED', `${name} must be an ISO 8601 time, epoch milliseconds or relative like now-15m (units s, m, h, d, w), got "${value}"`);
  }
  if (ms < EARLIEST_TIME || ms > LATEST_TIME) {
    throw new AppError('VALIDATION_FAILED', `${name} must be between 0000-01-01 and 9999-12-31 (epoch ms ${EARLIEST_TIME} to ${LATEST_TIME}), got "${value}"`);
  }
  return ms;
}

export const FIELD_RE = /^[A-Za-z0-9_\-@$]+(\.[A-Za-z0-9_\-@$]+)*$/;

/** Every filter except the projects, which the caller resolves against what the user may read. */
export function parseFilter(qs: QueryString): Omit<LogFilter, 'projectIds'> & { projects: string[] } {
  const filter: Omit<LogFilter, 'projectIds'> & { projects: string[] } = { projects: list(qs.project) };
  const services = list(qs.service);
  if (services.length) filter.services = services;
  const levels = parseLevels(list(qs.level));
  if ('invalid' in levels) throw new AppError('VALIDATION_FAILED', `unknown level "${levels.invalid}": use TRACE, DEBUG, INFO, WARN, ERROR or FATAL`);
  if (levels.length) filter.levels = levels;
  const now = Date.now();
  filter.from = parseTime(single(qs.from), 'from', now);
  filter.to = parseTime(single(qs.to), 'to', now);
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    throw new AppError('VALIDATION_FAILED', '"from" must be before "to"');
  }
  const q = single(qs.q);
  if (q !== undefined && q.trim()) filter.query = parseQ(q);
  for (const [key, value] of Object.entries(qs)) {
    if (!key.startsWith('ctx.')) continue;
    const field = key.slice(4);
    if (!FIELD_RE.test(field)) throw new AppError('VALIDATION_FAILED', `context filter "${key}": field names are letters, digits, _ - @ $ joined by dots`);
    // Null prototype: "ctx.__proto__" names a context key like any other (logs may carry one), not the prototype.
    (filter.context ??= Object.create(null) as Record<string, string>)[field] = single(value) ?? '';
  }
  return filter;
}

/** `q` in the search language (docs/search.md); a query that cannot run as written is refused, never guessed at. */
export function parseQ(q: string) {
  try {
    return parseQuery(q);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    throw new AppError('INVALID_QUERY', err.message, {}, { position: err.position, length: err.length });
  }
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function encodeCursor(c: LogCursor): string {
  return Buffer.from(JSON.stringify([c.ts, c.id])).toString('base64url');
}

export function decodeCursor(raw: string): LogCursor {
  try {
    const [ts, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof ts === 'number' && Number.isSafeInteger(ts) && typeof id === 'string' && isLogId(id)) return { ts, id };
  } catch {
    /* fall through */
  }
  throw new AppError('INVALID_CURSOR', 'cursor is not one this server gave out: pass next_cursor back unchanged');
}

const UNITS = new Map([['s', 1_000], ['m', 60_000], ['h', 3_600_000], ['d', 86_400_000]]);
const NICE = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** `5m` -> 300000; without a value, a round interval giving about `buckets` buckets over the range. */
export function parseInterval(raw: string | undefined, rangeMs: number, buckets = 60): number {
  if (raw) {
    const m = /^(\d{1,6})([smhd])$/.exec(raw.trim());
    if (!m) throw new AppError('VALIDATION_FAILED', 'interval must look like 30s, 5m, 1h or 1d');
    const ms = Number(m[1]) * UNITS.get(m[2]!)!;
    if (ms < 1000) throw new AppError('VALIDATION_FAILED', 'interval must be at least 1s');
    if (rangeMs / ms > 10_000) throw new AppError('VALIDATION_FAILED', 'interval too small for the range: at most 10,000 buckets');
    return ms;
  }
  const ideal = rangeMs / buckets;
  return NICE.find((n) => n >= ideal) ?? Math.ceil(ideal / 86_400_000) * 86_400_000;
}
