/** The strip above the charts: this range's RED numbers, p95 and Apdex, each against the previous range. */
import type { PerfStats, PerfSummary } from '../../api/perf';
import { formatCount } from '../../format';
import { apdexTone, formatApdex, formatChange, formatMs, formatRate, formatRatio } from './perf-format';

type Direction = 'higher-is-worse' | 'higher-is-better';

function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return current / previous - 1;
}

function Delta({ now, before, direction }: { now: number | null; before: number | null; direction: Direction }) {
  const ratio = change(now, before);
  if (ratio === null || Math.abs(ratio) < 0.05) return <div className="muted small">vs previous: {before === null ? 'no data' : 'steady'}</div>;
  const worse = direction === 'higher-is-worse' ? ratio > 0 : ratio < 0;
  return <div className={`small ${worse ? 'bad' : 'ok'}`}>{formatChange(ratio)} vs previous</div>;
}

export function PerfSummaryStrip({ summary }: { summary: PerfSummary }) {
  const { current: c, previous: p } = summary;
  const items: Array<[string, string, keyof PerfStats, Direction, string?]> = [
    ['Requests', formatCount(c.count), 'count', 'higher-is-better'],
    ['Throughput', formatRate(c.rate_per_min), 'rate_per_min', 'higher-is-better'],
    ['Error rate', formatRatio(c.error_rate), 'error_rate', 'higher-is-worse', c.error_rate > 0.05 ? 'bad' : ''],
    ['p50', formatMs(c.p50), 'p50', 'higher-is-worse'],
    ['p95', formatMs(c.p95), 'p95', 'higher-is-worse'],
    ['p99', formatMs(c.p99), 'p99', 'higher-is-worse'],
    [`Apdex (T ${formatMs(summary.apdex_threshold_ms)})`, formatApdex(c.apdex), 'apdex', 'higher-is-better', apdexTone(c.apdex)],
  ];
  return (
    <div className="summary perf-summary" data-testid="perf-summary">
      {items.map(([label, value, key, direction, tone]) => (
        <div key={label} className={`summary-item ${tone ?? ''}`} data-metric={key}>
          <div className="metric-label">{label}</div>
          <div className="summary-value">{value}</div>
          <Delta now={c[key]} before={p.count > 0 ? p[key] : null} direction={direction} />
        </div>
      ))}
    </div>
  );
}
