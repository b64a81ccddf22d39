/**
 * A route's latency distribution as bars, one per sketch bucket (the server coalesces them to at most 60), in
 * plain SVG. Buckets grow geometrically, so equal-width bars read as a log-scaled axis; p50/p95/p99 are marked on
 * the bar that holds them.
 */
import type { PerfDistribution } from '../../api/perf';
import { formatMs } from './perf-format';

const MARKS: Array<['p50' | 'p95' | 'p99', string]> = [
  ['p50', 'var(--ok)'],
  ['p95', 'var(--warn)'],
  ['p99', 'var(--bad)'],
];

/** The index of the bucket a value falls in; -1 when outside them all. */
export function bucketOf(buckets: PerfDistribution['buckets'], value: number | null): number {
  if (value === null) return -1;
  const i = buckets.findIndex((b) => value >= b.lower_ms && value <= b.upper_ms);
  if (i >= 0) return i;
  return buckets.length && value > buckets[buckets.length - 1].upper_ms ? buckets.length - 1 : -1;
}

export function LatencyHistogram({ distribution, height = 140 }: { distribution: PerfDistribution; height?: number }) {
  const { buckets } = distribution;
  if (buckets.length === 0) return <div className="muted small">No requests in this range.</div>;
  const width = 720;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const slot = width / buckets.length;
  const plot = height - 18;
  return (
    <figure className="latency-histogram" data-testid="latency-histogram" data-buckets={buckets.length}>
      <svg width="100%" height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label="Latency distribution">
        {buckets.map((b, i) => {
          const h = b.count > 0 ? Math.max(2, (b.count / max) * plot) : 0;
          return (
            <rect key={i} className="dist-bar" x={i * slot + 1} y={plot - h} width={Math.max(1, slot - 2)} height={h}>
              <title>{`${formatMs(b.lower_ms)} – ${formatMs(b.upper_ms)}: ${b.count} requests`}</title>
            </rect>
          );
        })}
        {MARKS.map(([key, color]) => {
          const i = bucketOf(buckets, distribution[key]);
          if (i < 0) return null;
          const x = i * slot + slot / 2;
          return <line key={key} x1={x} x2={x} y1={0} y2={plot} stroke={color} strokeWidth={2} strokeDasharray="4 3" />;
        })}
      </svg>
      <figcaption className="dist-axis muted small">
        <span>{formatMs(buckets[0].lower_ms)}</span>
        <span className="dist-legend">
          {MARKS.map(([key, color]) => (
            <span key={key}>
              <i style={{ background: color }} /> {key} {formatMs(distribution[key])}
            </span>
          ))}
        </span>
        <span>{formatMs(buckets[buckets.length - 1].upper_ms)}</span>
      </figcaption>
    </figure>
  );
}
