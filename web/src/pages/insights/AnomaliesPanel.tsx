/**
 * Volume and errors of the range on a chart with the anomalies shaded over it, and the anomalies listed with
 * their size and window. Volume comes from the explorer's histogram endpoint (the same counts it shows).
 */
import { useMemo } from 'react';
import { insightsApi, type InsightsScope } from '../../api/insights';
import { logsApi } from '../../api/logs';
import type { Project } from '../../api/types';
import { ExplainButton } from '../../components/ExplainButton';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';
import { formatClock } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import { Link } from '../../router';
import { anomalyBands, anomalyTitle } from './anomaly-format';
import { denseVolume, formatCountTick } from './volume-series';

export function AnomaliesPanel({ project, scope }: { project: Project; scope: InsightsScope }) {
  const key = JSON.stringify(scope);
  const anomalies = useAsync((signal) => insightsApi.anomalies(scope, { signal }), [key]);
  const volume = useAsync((signal) => logsApi.histogram({ project: project.slug, from: scope.from, to: scope.to, q: scope.q }, undefined, signal), [key]);

  const chart = useMemo(() => {
    const dense = volume.data ? denseVolume(volume.data) : { buckets: [], totals: [], errors: [] };
    return {
      buckets: dense.buckets,
      series: [
        { label: 'Logs', color: '--accent', values: dense.totals },
        { label: 'Errors', color: '--bad', values: dense.errors },
      ] as ChartSeries[],
    };
  }, [volume.data]);
  const bands = useMemo(() => anomalyBands(anomalies.data?.data ?? []), [anomalies.data]);
  const withDate = Date.parse(scope.to ?? '') - Date.parse(scope.from ?? '') > 86_400_000;

  return (
    <div className="anomalies-panel">
      {volume.error ? (
        <ErrorBanner error={volume.error} onRetry={volume.reload} />
      ) : (
        <TimeChart
          title="Volume, with anomalies shaded"
          buckets={chart.buckets}
          series={chart.series}
          bands={bands}
          format={formatCountTick}
          testId="insights-volume"
          height={180}
          emptyText="No logs in this range"
        />
      )}
      {anomalies.error && <ErrorBanner error={anomalies.error} onRetry={anomalies.reload} />}
      {!anomalies.data && !anomalies.error && <Spinner label="Scanning for anomalies" />}
      {anomalies.data && anomalies.data.data.length === 0 && (
        <p className="muted" data-testid="anomalies-empty">
          No anomaly: every service's volume and error rate stayed within its usual range.
        </p>
      )}
      {anomalies.data && anomalies.data.data.length > 0 && (
        <ul className="anomaly-list" data-testid="anomaly-list">
          {anomalies.data.data.map((a) => (
            <li key={a.id} className={`anomaly anomaly-${a.kind}`} data-testid="anomaly" data-kind={a.kind} data-metric={a.metric}>
              <div className="anomaly-title">{anomalyTitle(a)}</div>
              <div className="small muted">
                {formatClock(Date.parse(a.from), withDate)} – {formatClock(Date.parse(a.to), withDate)} · score {a.score.toFixed(1)} · {a.baseline} baseline
              </div>
              <div className="anomaly-actions">
                <Link
                  className="btn btn-small"
                  href={explorerUrl({ project: project.slug, services: [a.service], levels: a.metric === 'error_rate' ? ['ERROR', 'FATAL'] : [], range: 'custom', from: a.from, to: a.to })}
                >
                  Logs of the window
                </Link>
                <ExplainButton projectId={project.id} target={{ type: 'anomaly', id: a.id, from: a.from, to: a.to }} what="this anomaly" />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
