/** The histogram endpoint's buckets made into a dense series for a line chart; pure. */
import type { Histogram } from '../../api/types';

const bucketTime = (ts: string | number) => (typeof ts === 'number' ? ts : Date.parse(ts));

/**
 * The store returns only buckets that hold logs; a line chart needs every bucket of the range, empty ones as 0,
 * or a quiet stretch would be drawn as a straight line between two busy ones. Buckets start on multiples of the
 * interval, as the store aligns them. Bounded to 2,000 buckets, far above what the server's intervals give.
 */
export function denseVolume(h: Histogram): { buckets: number[]; totals: number[]; errors: number[] } {
  const step = h.interval_ms;
  const from = Date.parse(h.from);
  const to = Date.parse(h.to);
  const byTime = new Map(h.buckets.map((b) => [bucketTime(b.ts), b]));
  const buckets: number[] = [];
  const totals: number[] = [];
  const errors: number[] = [];
  if (!(step > 0) || !Number.isFinite(from) || !Number.isFinite(to)) return { buckets, totals, errors };
  for (let t = Math.floor(from / step) * step; t < to && buckets.length < 2000; t += step) {
    const b = byTime.get(t);
    buckets.push(t);
    totals.push(b?.total ?? 0);
    errors.push(b ? (b.counts.ERROR ?? 0) + (b.counts.FATAL ?? 0) : 0);
  }
  return { buckets, totals, errors };
}

/** Whole numbers only on a count axis: uPlot puts ticks at 0.5 when the largest count is 1. */
export const formatCountTick = (v: number | null) => (v === null ? '–' : Number.isInteger(v) ? v.toLocaleString('en-US') : '');
