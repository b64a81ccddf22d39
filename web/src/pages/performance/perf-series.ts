/** Shaping GET /api/perf/timeseries answers for the charts; pure, tested in perf-series.test.ts. */
import type { PerfTimeseries } from '../../api/perf';

export function seriesOf(ts: PerfTimeseries, key: string): Array<number | null> {
  return ts.series.find((s) => s.key === key)?.values ?? ts.buckets.map(() => null);
}

/**
 * Leaves out the bucket still under way (it ends after `now`): its rate counts part of a step over the whole
 * step, so every chart would end in a dip that is not there.
 */
export function completeBuckets(ts: PerfTimeseries, now: number): PerfTimeseries {
  const keep = ts.buckets.filter((start) => start + ts.step_ms <= now).length;
  if (keep === ts.buckets.length || keep < 2) return ts;
  return { ...ts, buckets: ts.buckets.slice(0, keep), series: ts.series.map((s) => ({ ...s, values: s.values.slice(0, keep) })) };
}
