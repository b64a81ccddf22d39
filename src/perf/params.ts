/** The query strings of /api/perf/* as domain ranges and filters; bad values are 400s that say what to send. */
import { AppError } from '../errors.js';
import { parseTime } from '../query/params.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The longest range one request may read: 90 days (retention keeps at most what the plan allows anyway). */
export const MAX_RANGE_MS = 90 * DAY_MS;

export interface PerfParams {
  project: string;
  service?: string;
  route?: string;
  method?: string;
  env?: string;
  from?: string;
  to?: string;
}

export interface Range {
  from: number;
  to: number;
}

/** [from, to) in whole minutes (the aggregates' grain); default the last 24 hours. */
export function parseRange(fromRaw: string | undefined, toRaw: string | undefined, now: number, names = ['from', 'to']): Range {
  const toMs = parseTime(toRaw, names[1]!, now) ?? now;
  const fromMs = parseTime(fromRaw, names[0]!, now) ?? toMs - DAY_MS;
  const from = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
  const to = Math.ceil(toMs / MINUTE_MS) * MINUTE_MS;
  if (from >= to) throw new AppError('VALIDATION_FAILED', `"${names[0]}" must be before "${names[1]}"`);
  if (to - from > MAX_RANGE_MS) throw new AppError('VALIDATION_FAILED', `a range covers at most 90 days; "${names[0]}" to "${names[1]}" covers more`);
  return { from, to };
}

/** The same-length range just before. */
export const previousOf = (r: Range): Range => ({ from: r.from - (r.to - r.from), to: r.from });

export const minutesOf = (r: Range) => (r.to - r.from) / MINUTE_MS;

const STEPS = [1, 2, 5, 10, 15, 30, 60, 180, 360, 720, 1440].map((m) => m * MINUTE_MS);

/** The chart step: the one given (seconds, rounded up to whole minutes), else the smallest giving <= 60 buckets (whole hours from a day up). */
export function stepOf(r: Range, stepSeconds: number | undefined): number {
  if (stepSeconds !== undefined) {
    const step = Math.max(1, Math.ceil(stepSeconds / 60)) * MINUTE_MS;
    if ((r.to - r.from) / step > 1500) throw new AppError('VALIDATION_FAILED', `step ${stepSeconds}s gives more than 1500 buckets over this range: use a larger step`);
    return step;
  }
  const fits = (s: number) => (r.to - r.from) / s <= 60;
  // A day or more: whole-hour steps, summed from the hour rows (24 a day per series) instead of every minute
  // row (1,440 a day per series): a 30-minute step over 24 h made the default chart read 60× the rows.
  if (r.to - r.from >= DAY_MS) return STEPS.find((s) => s % HOUR_MS === 0 && fits(s)) ?? DAY_MS;
  return STEPS.find(fits) ?? DAY_MS;
}

export const SORTS = ['p95', 'rate', 'error_rate', 'total_ms', 'count'] as const;
export type PerfSort = (typeof SORTS)[number];
export const METRICS = ['p50', 'p90', 'p95', 'p99', 'rate', 'errors', 'error_rate', 'apdex'] as const;
export type PerfMetric = (typeof METRICS)[number];
export const BYS = ['none', 'route', 'service', 'version'] as const;
export type PerfBy = (typeof BYS)[number];

/** `metric=p50,p95`: one or more metrics, each from METRICS. */
export function parseMetrics(raw: string | undefined): PerfMetric[] {
  const parts = [...new Set((raw ?? 'p95').split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = parts.find((m) => !METRICS.includes(m as PerfMetric));
  if (bad !== undefined || !parts.length) {
    throw new AppError('VALIDATION_FAILED', `metric must be one or more (comma-separated) of ${METRICS.join(', ')}${bad ? `; "${bad}" is none of them` : ''}`);
  }
  return parts as PerfMetric[];
}
