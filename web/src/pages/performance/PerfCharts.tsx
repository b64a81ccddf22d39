/** The three charts of a scope: latency percentiles, throughput and error rate over the range. */
import { useMemo } from 'react';
import { perfApi, type PerfScope } from '../../api/perf';
import { completeBuckets, seriesOf } from './perf-series';
import { ErrorBanner } from '../../components/Feedback';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';
import { useAsync } from '../../hooks/useAsync';
import { formatMs, formatRate, formatRatio } from './perf-format';

const LATENCY: Array<[string, string, string]> = [
  ['p50', 'p50', '--ok'],
  ['p95', 'p95', '--warn'],
  ['p99', 'p99', '--bad'],
];

export function PerfCharts({ scope }: { scope: PerfScope }) {
  const key = JSON.stringify(scope);
  const ts = useAsync((signal) => perfApi.timeseries({ ...scope, metric: ['p50', 'p95', 'p99', 'rate', 'error_rate'] }, { signal }), [key]);
  const data = useMemo(() => ts.data && completeBuckets(ts.data, Date.parse(scope.from ?? ''), Date.now()), [ts.data]);
  // Memoised so a chart is rebuilt when its data changes, not on every render of the page.
  const charts = useMemo(() => {
    const values = (k: string) => (data ? seriesOf(data, k) : []);
    return {
      buckets: data?.buckets ?? [],
      latency: LATENCY.map(([k, label, color]): ChartSeries => ({ label, color, values: values(k), dashed: k === 'p99' })),
      rate: [{ label: 'Requests/min', color: '--accent', values: values('rate') }] as ChartSeries[],
      errors: [{ label: 'Error rate', color: '--bad', values: values('error_rate') }] as ChartSeries[],
    };
  }, [data]);
  if (ts.error) return <ErrorBanner error={ts.error} onRetry={ts.reload} />;
  const { buckets, latency, rate, errors } = charts;
  return (
    <div className="perf-charts" data-loading={ts.loading || undefined}>
      <TimeChart title="Latency" buckets={buckets} series={latency} format={formatMs} testId="chart-latency" height={220} />
      <TimeChart title="Throughput" buckets={buckets} series={rate} format={formatRate} testId="chart-rate" />
      <TimeChart title="Error rate" buckets={buckets} series={errors} format={formatRatio} testId="chart-errors" emptyMax={0.01} />
    </div>
  );
}
