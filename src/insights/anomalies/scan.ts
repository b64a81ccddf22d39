/**
 * Anomalies of a project over a range: per service, its volume and error rate per bucket (the store's
 * histogram, served from the minute rollups) over the range plus a week of history, through detectAnomalies.
 * Buckets are 5 minutes for ranges up to 24 h, else the range cut into about 288 round buckets.
 */
import { createHash } from 'node:crypto';
import type { HistogramBucket, Store } from '../../store/types.js';
import { detectAnomalies } from './detect.js';
import type { Anomaly, AnomalyMetric, Detection, Series } from './types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Days of history read before the range: enough for a seasonal baseline (>= 3 same-hour values). */
export const HISTORY_DAYS = 7;
const STEPS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE);

export interface ScanOptions {
  services?: string[];
  /** Services judged at most, busiest first (default 100). */
  maxServices?: number;
}

export function bucketOf(rangeMs: number): number {
  return STEPS.find((s) => rangeMs / s <= 288) ?? DAY;
}

/** See the module comment. Example: `scanAnomalies(store, 1, { from: now - 3_600_000, to: now })`. */
export async function scanAnomalies(store: Store, projectId: number, range: { from: number; to: number }, opts: ScanOptions = {}): Promise<Anomaly[]> {
  const step = bucketOf(range.to - range.from);
  const from = Math.floor(range.from / step) * step;
  const to = Math.ceil(range.to / step) * step;
  const start = from - HISTORY_DAYS * DAY;
  let services = (await store.services([projectId])).sort((a, b) => b.count - a.count).map((s) => s.service);
  if (opts.services?.length) services = services.filter((s) => opts.services!.includes(s));
  services = services.slice(0, opts.maxServices ?? 100);
  const out: Anomaly[] = [];
  for (const service of services) {
    const buckets = await store.histogram({ projectIds: [projectId], services: [service], from: start, to }, step);
    const { volume, errorRate } = seriesOf(buckets, start, to, step);
    const tag = (metric: AnomalyMetric) => (d: Detection): Anomaly => ({ ...d, id: anomalyId(projectId, service, null, metric, d.from), service, patternId: null, metric });
    out.push(...detectAnomalies(volume, { from }).map(tag('volume')));
    out.push(...detectAnomalies(errorRate, { from, kind: 'rate' }).map(tag('error_rate')));
  }
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.from - b.from);
}

/** Volume and error-rate series (ERROR and FATAL over all) on an even grid from `start` to `to`. */
export function seriesOf(buckets: HistogramBucket[], start: number, to: number, step: number): { volume: Series; errorRate: Series } {
  const n = Math.round((to - start) / step);
  const total = new Array<number>(n).fill(0);
  const errors = new Array<number>(n).fill(0);
  for (const b of buckets) {
    const i = Math.floor((b.ts - start) / step);
    if (i < 0 || i >= n) continue;
    for (const [level, c] of Object.entries(b.counts)) {
      total[i]! += c ?? 0;
      if (level === 'ERROR' || level === 'FATAL') errors[i]! += c ?? 0;
    }
  }
  return {
    volume: { start, step, values: total },
    errorRate: { start, step, values: total.map((t, i) => (t ? errors[i]! / t : 0)), weights: total },
  };
}

export function anomalyId(projectId: number, service: string, patternId: string | null, metric: AnomalyMetric, from: number): string {
  return createHash('sha256').update(`${projectId}\u0000${service}\u0000${patternId ?? ''}\u0000${metric}\u0000${from}`).digest('hex').slice(0, 16);
}
