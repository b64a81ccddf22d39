/** The errors list's query string as the store's ErrorListQuery: statuses, sorts, time bounds, the cursor. */
import { AppError } from '../errors.js';
import { parseTime, type QueryString } from '../query/params.js';
import { ERROR_STATUSES, type ErrorListQuery, type ErrorSort, type ErrorStatus } from '../store/errors-types.js';

export const DAY_MS = 86_400_000;
const SORTS: readonly ErrorSort[] = ['last_seen', 'count', 'first_seen', 'trend'];
export const MAX_LIMIT = 200;

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

export function projectNames(qs: QueryString): string[] {
  const v = qs.project;
  if (v === undefined) return [];
  return [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))];
}

/** Everything but the projects, which the caller resolves against what the user may see. */
export function parseListQuery(qs: QueryString, now: number): Omit<ErrorListQuery, 'projectIds'> {
  const status = parseStatuses(single(qs.status));
  const sort = single(qs.sort) ?? 'last_seen';
  if (!SORTS.includes(sort as ErrorSort)) throw new AppError('VALIDATION_FAILED', `sort must be one of ${SORTS.join(', ')}, got "${sort}"`);
  const limit = Number(single(qs.limit) ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AppError('VALIDATION_FAILED', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  const from = parseTime(single(qs.from), 'from', now);
  const to = parseTime(single(qs.to), 'to', now);
  if (from !== undefined && to !== undefined && from >= to) throw new AppError('VALIDATION_FAILED', '"from" must be before "to"');
  const text = single(qs.q)?.trim();
  const isNew = single(qs.new);
  if (isNew !== undefined && isNew !== '0' && isNew !== '1') throw new AppError('VALIDATION_FAILED', 'new must be 1 or 0');
  const cursor = single(qs.cursor);
  return {
    status,
    sort: sort as ErrorSort,
    limit,
    offset: cursor ? decodeOffset(cursor) : 0,
    now,
    ...(text ? { text: text.slice(0, 500) } : {}),
    ...(isNew === '1' ? { firstSeenFrom: now - DAY_MS } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/** `status`: one status, a comma-separated list of them (`resolved,resolved_next_release`), or `all`. */
function parseStatuses(raw: string | undefined): ErrorStatus[] | 'all' {
  const parts = [...new Set((raw ?? 'unresolved').split(',').map((s) => s.trim()))];
  if (parts.includes('all')) return 'all';
  const bad = parts.find((s) => !ERROR_STATUSES.includes(s as ErrorStatus));
  if (bad !== undefined) {
    throw new AppError('VALIDATION_FAILED', `status must be all or a comma-separated list of ${ERROR_STATUSES.join(', ')}; "${bad}" is none of them`);
  }
  return parts as ErrorStatus[];
}

/** The list pages by position: groups move as events arrive, so a keyset on last_seen would skip or repeat them just as well. */
export function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeOffset(raw: string): number {
  try {
    const o = (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= 1_000_000) return o;
  } catch {
    /* fall through */
  }
  throw new AppError('INVALID_CURSOR', 'cursor is not one this server gave out: pass next_cursor back unchanged');
}
