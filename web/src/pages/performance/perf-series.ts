/** Shaping GET /api/perf/timeseries answers for the charts; pure, tested in perf-series.test.ts. */
import type { PerfTimeseries } from '../../api/perf';

export function seriesOf(ts: PerfTimeseries, key: string): Array<number | null> {
  return ts.series.find((s) => s.key === key)?.values ?? ts.buckets.map(() => null);
}

/**
 * Leaves out the buckets the range covers only in part: the one still under way (it ends after `now`) and a
 * first one that starts before `from` (the server aligns buckets to the step). Their rate counts part of a step
 * over the whole step, so a chart would start or end in a dip that is not there.
 */
export function completeBuckets(ts: PerfTimeseries, from: number, now: number): PerfTimeseries {
  const fromMinute = Math.floor(from / 60_000) * 60_000;
  const keep = ts.buckets.map((start, i) => (start >= fromMinute && start + ts.step_ms <= now ? i : -1)).filter((i) => i >= 0);
  if (keep.length === ts.buckets.length || keep.length < 2) return ts;
  const pick = <T,>(list: T[]) => keep.map((i) => list[i]);
  return { ...ts, buckets: pick(ts.buckets), series: ts.series.map((s) => ({ ...s, values: pick(s.values) })) };
}
