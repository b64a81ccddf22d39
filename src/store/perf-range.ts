/**
 * How a perf read splits [from, to) (whole minutes) between hour rows and minute rows, for both stores: whole
 * hours from perf_hours, the minutes before the first and after the last whole hour from perf_minutes.
 */
import { HOUR_MS, MINUTE_MS } from './perf-deltas.js';
import type { PerfQuery } from './perf-types.js';

export interface PerfPlan {
  /** [fromHour, toHour) in epoch hours, or null. */
  hours: [number, number] | null;
  /** [fromMinute, toMinute) ranges in epoch minutes. */
  minutes: Array<[number, number]>;
}

export function planPerfRead(q: Pick<PerfQuery, 'from' | 'to' | 'minutesOnly'>): PerfPlan {
  const a = Math.floor(q.from / MINUTE_MS), b = Math.ceil(q.to / MINUTE_MS);
  if (b <= a) return { hours: null, minutes: [] };
  const h1 = Math.ceil((a * MINUTE_MS) / HOUR_MS), h2 = Math.floor((b * MINUTE_MS) / HOUR_MS);
  if (q.minutesOnly || h1 >= h2) return { hours: null, minutes: [[a, b]] };
  const minutes: Array<[number, number]> = [];
  if (a < h1 * 60) minutes.push([a, h1 * 60]);
  if (h2 * 60 < b) minutes.push([h2 * 60, b]);
  return { hours: [h1, h2], minutes };
}
