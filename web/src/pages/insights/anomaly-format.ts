/** Words and numbers for anomalies; pure. */
import type { Anomaly } from '../../api/insights';

const KIND: Record<Anomaly['kind'], string> = { spike: 'Spike', drop: 'Drop', level_shift: 'Level shift' };
const METRIC: Record<Anomaly['metric'], string> = { volume: 'log volume', error_rate: 'error rate' };

export function formatMetricValue(metric: Anomaly['metric'], value: number): string {
  if (metric === 'error_rate') return `${(value * 100).toFixed(value < 0.01 ? 2 : 1)} %`;
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 10) / 10);
}

/** "Spike in log volume of api: 840 vs 120 expected (×7.0)". */
export function anomalyTitle(a: Anomaly): string {
  const factor = a.expected > 0 ? ` (×${(a.observed / a.expected).toFixed(1)})` : '';
  return `${KIND[a.kind]} in ${METRIC[a.metric]} of ${a.service}: ${formatMetricValue(a.metric, a.observed)} vs ${formatMetricValue(
    a.metric,
    a.expected,
  )} expected${factor}`;
}

/** Anomaly windows as chart bands, the strongest first so a chart draws at most `max` of them. */
export function anomalyBands(anomalies: Anomaly[], max = 20): Array<{ from: number; to: number; color: string }> {
  return [...anomalies]
    .sort((a, b) => Math.abs(b.score) - Math.abs(a.score))
    .map((a) => ({ from: Date.parse(a.from), to: Date.parse(a.to), color: a.kind === 'drop' ? '--warn' : '--bad' }))
    .filter((b) => Number.isFinite(b.from) && Number.isFinite(b.to))
    .slice(0, max);
}
