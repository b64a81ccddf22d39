/**
 * The routes table: one row per route or operation with its RED numbers, a p95 sparkline over the range and a
 * "got slower" badge when its p95 rose more than the threshold against the previous range. The column heads
 * sort (on the server, so the top 100 are the right 100).
 */
import type { PerfRoute, RouteSort } from '../../api/perf';
import { Sparkline } from '../../components/Sparkline';
import { formatCount } from '../../format';
import { Link } from '../../router';
import { apdexTone, formatApdex, formatChange, formatMs, formatRate, formatRatio, formatTotal } from './perf-format';
import { routeDetailUrl, type PerfFilters } from './perf-filters';

interface RoutesTableProps {
  routes: PerfRoute[];
  filters: PerfFilters;
  slowerThreshold: number;
  onSort: (sort: RouteSort, order: 'asc' | 'desc') => void;
}

export function SlowerBadge({ change, threshold }: { change: number | null; threshold: number }) {
  return (
    <span className="pill pill-slower" data-testid="slower-badge" title={`p95 rose more than ${Math.round(threshold * 100)}% against the previous period of the same length`}>
      got slower {formatChange(change)}
    </span>
  );
}

export function RoutesTable({ routes, filters, slowerThreshold, onSort }: RoutesTableProps) {
  const head = (sort: RouteSort, label: string) => {
    const active = filters.sort === sort;
    const next = active && filters.order === 'desc' ? 'asc' : 'desc';
    return (
      <th className="num" aria-sort={active ? (filters.order === 'desc' ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className={`sort-head ${active ? 'active' : ''}`} onClick={() => onSort(sort, next)} data-testid={`sort-${sort}`}>
          {label}
          {active && <span aria-hidden>{filters.order === 'desc' ? ' ↓' : ' ↑'}</span>}
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap">
      <table className="table routes-table" data-testid="routes-table">
        <thead>
          <tr>
            <th>Route</th>
            {head('count', 'Requests')}
            {head('rate', 'Rate')}
            {head('error_rate', 'Error %')}
            <th className="num">p50</th>
            {head('p95', 'p95')}
            <th className="num opt-col">p99</th>
            {head('total_ms', 'Total time')}
            <th className="num opt-col">Apdex</th>
            <th className="opt-col">p95 over the range</th>
          </tr>
        </thead>
        <tbody>
          {routes.map((r) => (
            <tr key={`${r.service}\u0000${r.route}`} data-testid="route-row" data-route={r.route} data-p95={r.p95 ?? ''}>
              <td className="route-cell">
                <div className="route-line">
                  {r.method && <span className="method">{r.method}</span>}
                  <Link href={routeDetailUrl({ ...filters, service: r.service, route: r.route, method: r.method ?? undefined })} className="route-name" data-testid="route-link">
                    {r.route}
                  </Link>
                  {r.slower && <SlowerBadge change={r.p95_change} threshold={slowerThreshold} />}
                </div>
                <div className="sub">
                  {r.service}
                  {r.kind === 'operation' ? ' · operation' : ''}
                </div>
              </td>
              <td className="num">{formatCount(r.count)}</td>
              <td className="num">{formatRate(r.rate_per_min)}</td>
              <td className={`num ${r.error_rate > 0.05 ? 'bad' : r.errors === 0 ? 'muted' : ''}`}>{formatRatio(r.error_rate)}</td>
              <td className="num">{formatMs(r.p50)}</td>
              <td className={`num strong ${r.slower ? 'bad' : ''}`}>{formatMs(r.p95)}</td>
              <td className="num opt-col">{formatMs(r.p99)}</td>
              <td className="num">{formatTotal(r.total_ms)}</td>
              <td className={`num opt-col ${apdexTone(r.apdex)}`}>{formatApdex(r.apdex)}</td>
              <td className="opt-col spark-cell">
                <Sparkline values={r.spark} width={140} height={28} label={`p95 of ${r.route} over the range`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
