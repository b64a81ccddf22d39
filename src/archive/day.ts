/** UTC days as archives name them: `YYYY-MM-DD`, the same days as PostgreSQL's log partitions. */
import { AppError } from '../errors.js';

export const DAY_MS = 86_400_000;
/** A request may name at most this many days (a year and a day: a leap year plus slack). */
export const MAX_DAYS_PER_REQUEST = 366;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day's first millisecond (UTC); VALIDATION_FAILED for anything but a real `YYYY-MM-DD` date. */
export function parseDay(text: string, name = 'day'): number {
  const m = DAY_RE.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || formatDay(ms) !== text) {
    throw new AppError('VALIDATION_FAILED', `${name} must be a UTC date written YYYY-MM-DD (such as 2026-11-20), got "${text}"`);
  }
  return ms;
}

export function formatDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included, oldest first. */
export function dayRange(from: string, to: string): string[] {
  const start = parseDay(from, 'from');
  const end = parseDay(to, 'to');
  if (end < start) throw new AppError('VALIDATION_FAILED', `to (${to}) is before from (${from})`);
  const n = (end - start) / DAY_MS + 1;
  if (n > MAX_DAYS_PER_REQUEST) throw new AppError('VALIDATION_FAILED', `at most ${MAX_DAYS_PER_REQUEST} days per request, asked for ${n}: split the range`);
  return Array.from({ length: n }, (_, i) => formatDay(start + i * DAY_MS));
}
