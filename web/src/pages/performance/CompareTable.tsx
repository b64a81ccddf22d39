/** Two sets of stats side by side (this range against the previous one, or one release against another). */
import type { PerfStats } from '../../api/perf';
import { formatCount } from '../../format';
import { formatApdex, formatChange, formatMs, formatRate, formatRatio } from './perf-format';

const ROWS: Array<[string, keyof PerfStats, (v: number | null) => string, 'up-is-bad' | 'up-is-good' | 'neutral']> = [
  ['Requests', 'count', (v) => (v === null ? '–' : formatCount(v)), 'neutral'],
  ['Rate', 'rate_per_min', formatRate, 'neutral'],
  ['Error rate', 'error_rate', formatRatio, 'up-is-bad'],
  ['p50', 'p50', formatMs, 'up-is-bad'],
  ['p95', 'p95', formatMs, 'up-is-bad'],
  ['p99', 'p99', formatMs, 'up-is-bad'],
  ['Apdex', 'apdex', formatApdex, 'up-is-good'],
];

interface CompareTableProps {
  a: PerfStats | null;
  b: PerfStats | null;
  aLabel: string;
  bLabel: string;
  testId?: string;
}

export function CompareTable({ a, b, aLabel, bLabel, testId }: CompareTableProps) {
  return (
    <table className="table compare-table" data-testid={testId}>
      <thead>
        <tr>
          <th />
          <th className="num">{aLabel}</th>
          <th className="num">{bLabel}</th>
          <th className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map(([label, key, format, direction]) => {
          const before = a && a.count > 0 ? a[key] : null;
          const after = b && b.count > 0 ? b[key] : null;
          const change = before !== null && after !== null && before !== 0 ? after / before - 1 : null;
          const worse = change !== null && Math.abs(change) >= 0.05 && direction !== 'neutral' && (direction === 'up-is-bad' ? change > 0 : change < 0);
          const better = change !== null && Math.abs(change) >= 0.05 && direction !== 'neutral' && !worse;
          return (
            <tr key={key} data-metric={key}>
              <td>{label}</td>
              <td className="num">{format(before)}</td>
              <td className="num strong">{format(after)}</td>
              <td className={`num ${worse ? 'bad' : better ? 'ok' : 'muted'}`}>{formatChange(change) || '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
