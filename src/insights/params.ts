/** The query strings of /api/insights/* as domain values; bad values are 400s that say what to send. */
import { AppError } from '../errors.js';
import { parseQ, parseTime } from '../query/params.js';
import type { LogFilter } from '../store/types.js';

const HOUR = 3_600_000;
/** The longest range one request may read (patterns read the logs themselves, so it stays bounded). */
export const MAX_RANGE_MS = 31 * 24 * HOUR;

export interface InsightQuery {
  project_id: string;
  from?: string;
  to?: string;
  q?: string;
  service?: string | string[];
}

export interface Range {
  from: number;
  to: number;
}

/** [from, to); default the last hour. */
export function rangeOf(p: InsightQuery, now: number): Range {
  const to = parseTime(p.to, 'to', now) ?? now;
  const from = parseTime(p.from, 'from', now) ?? to - HOUR;
  if (from >= to) throw new AppError('VALIDATION_FAILED', '"from" must be before "to"');
  if (to - from > MAX_RANGE_MS) throw new AppError('VALIDATION_FAILED', 'a range covers at most 31 days: narrow "from" and "to"');
  return { from, to };
}

export function servicesOf(p: InsightQuery): string[] {
  const v = p.service === undefined ? [] : Array.isArray(p.service) ? p.service : [p.service];
  return v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
}

/** The filter of one project over the range, with `q` parsed (INVALID_QUERY when it does not parse). */
export function filterOf(projectId: number, p: InsightQuery, range: Range): LogFilter & Range {
  const f: LogFilter & Range = { projectIds: [projectId], ...range };
  const services = servicesOf(p);
  if (services.length) f.services = services;
  if (p.q?.trim()) f.query = parseQ(p.q);
  return f;
}
