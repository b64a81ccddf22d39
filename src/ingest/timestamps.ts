/**
 * Event times of ingested entries: what a client's `timestamp` means (parseTimestamp) and which event times
 * the server accepts as given (acceptedWindow). Documented in docs/api.md, "Timestamps".
 */
import type { Config } from '../config.js';
import type { Project } from '../store/types.js';

/** The range of a JavaScript Date, in epoch milliseconds. */
const MAX_MS = 8.64e15;

/**
 * An epoch time's unit, by the number of digits of its integer part (leading zeros ignored): up to 11 digits
 * (< 1e11, before year 5138) are seconds, up to 14 milliseconds, up to 17 microseconds, more nanoseconds. So
 * `1796181100.123` (Fluent Bit), `1796181100123` (JavaScript), `1796181100123456` (Python's time_ns() / 1000)
 * and `1796181100123456789` (Go's UnixNano) all mean the same instant. The price: milliseconds before
 * 1973-03-03 read as seconds; such times are older than any accepted window anyway.
 */
function msDigitShift(intDigits: number): number {
  if (intDigits <= 11) return 3; // seconds
  if (intDigits <= 14) return 0; // milliseconds
  if (intDigits <= 17) return -3; // microseconds
  return -6; // nanoseconds
}

/** `[-]digits[.digits]` to whole epoch ms by decimal shifting (no floating point: `.123` s is exactly 123 ms). */
function epochFromDecimal(text: string): number | 'invalid' {
  const m = /^(-?)(\d{1,24})(?:\.(\d{1,30}))?$/.exec(text);
  if (!m) return 'invalid';
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const shift = msDigitShift(int === '0' ? 1 : int.length);
  const digits = shift >= 0 ? int + (m[3] ?? '').padEnd(shift, '0').slice(0, shift) : int.slice(0, int.length + shift) || '0';
  const ms = Number(digits) * (m[1] ? -1 : 1);
  return Math.abs(ms) <= MAX_MS ? ms || 0 : 'invalid';
}

// ISO 8601 with a date and (optionally) time; Date.parse accepts too much, so require the shape first.
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A client timestamp as epoch ms: null when absent, 'invalid' when unreadable. Accepts ISO 8601 strings and
 * epoch times in seconds, milliseconds, microseconds or nanoseconds (see msDigitShift), as JSON numbers or
 * as strings of digits, with a fraction if any.
 */
export function parseTimestamp(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') {
    // From 1e21 on String() writes an exponent; such numbers are past year 2286 even as nanoseconds.
    if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return 'invalid';
    // String() gives the shortest decimal that reads back as this number: 1796181100.123, not ...122.99.
    // Below 1e-6 it writes an exponent too; toFixed does not (and the value is 0 ms anyway).
    const text = String(value);
    return epochFromDecimal(text.includes('e') ? value.toFixed(9) : text);
  }
  if (typeof value !== 'string') return 'invalid';
  const text = value.trim();
  if (!ISO.test(text)) return epochFromDecimal(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? 'invalid' : ms;
}

export type TimeLimits = Pick<Config['limits'], 'futureSkewMs' | 'maxPastAgeMs'>;

/**
 * The event times stored as the client gave them; anything outside is stored at receive time with the
 * client's value kept in `context._client_timestamp` (normalize.ts). This is the one place that decides it:
 * per-project retention (issue 13) narrows `oldest` here, so an entry never lands in a day that retention
 * would drop at once.
 *
 * Why bounded in the past at all: on PostgreSQL every UTC day with logs is a table partition, so one
 * request with entries on 2,000 past days created 2,000 partitions and slowed every later query. Why
 * clamp instead of refuse: a log is never lost for its clock (the same rule as future times), and a
 * shipper replaying a backlog older than the window still delivers it, searchable, its original time kept.
 */
export function acceptedWindow(_project: Project, limits: TimeLimits, now: number): { oldest: number; newest: number } {
  return { oldest: now - limits.maxPastAgeMs, newest: now + limits.futureSkewMs };
}
