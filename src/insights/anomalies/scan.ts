/**
 * Anomalies of a project over a range: per service, its volume and error rate per bucket over the range and
 * the parts of the week before it that the baselines use (`baselineRanges`), through detectAnomalies. All
 * services come from one grouped read (`serviceHistograms`, served from the minute rollups): one query per
 * scan, not one per service (100 services took 2.4-3.8 s that way).
 * Buckets are 5 minutes for ranges up to 24 h, else the range cut into about 288 round buckets.
 */
import { createHash } from 'node:crypto';
import type { HistogramBucket, ServiceHistogram, Store } from '../../store/types.js';
import { detectAnomalies } from './detect.js';
import { patternId } from '../patterns/pattern-id.js';
import { splitEstimate } from '../../store/insight-types.js';
import type { Anomaly, AnomalyMetric, Detection, Series } from './types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Days of history read before the range: enough for a seasonal baseline (>= 3 same-hour values). */
export const HISTORY_DAYS = 7;
/** Buckets read before the range for the rolling baseline: its window of 12, twice (rates skip sparse buckets). */
const ROLLING_READ = 2 * 12;
const STEPS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE);

export interface ScanOptions {
  services?: string[];
  /** Services judged at most, busiest over the range and its history first (default 100). */
  maxServices?: number;
  /** The project's largest patterns judged by the hour from the upkeep's hour counts (default 10; 0: none). */
  patterns?: number;
}

/** Volume anomalies of the project's top patterns, hourly (the pattern table's grain), whole hours only. */
async function patternAnomalies(store: Store, projectId: number, range: { from: number; to: number }, top: number, services?: string[]): Promise<Anomaly[]> {
  const H = 3_600_000;
  const from = Math.floor(range.from / H) * H;
  const to = Math.floor(range.to / H) * H;
  if (to <= from) return [];
  let patterns = splitEstimate(await store.listProjectPatterns(projectId, top + 1)).patterns.slice(0, top);
  if (services?.length) patterns = patterns.filter((p) => p.services.some((s) => services.includes(s)));
  if (!patterns.length) return [];
  const start = from - HISTORY_DAYS * DAY;
  const hours = await store.patternHours(projectId, start, to, patterns.map((p) => p.clusterId));
  const out: Anomaly[] = [];
  for (const p of patterns) {
    const values = new Array<number>((to - start) / H).fill(0);
    for (const h of hours) if (h.clusterId === p.clusterId) values[(h.hour - start) / H]! += h.count;
    const first = Math.max(0, values.findIndex((v) => v > 0));
    const id = patternId(p.template);
    const service = p.services[0] ?? '';
    for (const d of detectAnomalies({ start: start + first * H, step: H, values: values.slice(first) }, { from })) {
      out.push({ ...d, id: anomalyId(projectId, service, id, 'volume', d.from), service, patternId: id, metric: 'volume' });
    }
  }
  return out;
}

export function bucketOf(rangeMs: number): number {
  return STEPS.find((s) => rangeMs / s <= 288) ?? DAY;
}

/** See the module comment. Example: `scanAnomalies(store, 1, { from: now - 3_600_000, to: now })`. */
export async function scanAnomalies(store: Store, projectId: number, range: { from: number; to: number }, opts: ScanOptions = {}): Promise<Anomaly[]> {
  const step = bucketOf(range.to - range.from);
  const from = Math.floor(range.from / step) * step;
  // Whole buckets only: the bucket still filling up would look like a drop.
  const to = Math.max(from + step, Math.floor(range.to / step) * step);
  const start = from - HISTORY_DAYS * DAY;
  // One grouped read for every service (served by the minute rollups) of what detection looks at; the
  // baselines are computed here.
  const ranges = baselineRanges(from, to, step);
  const histograms = await store.serviceHistograms({ projectIds: [projectId], services: opts.services?.length ? opts.services : undefined, ranges }, step);
  const out: Anomaly[] = [];
  for (const { service, buckets } of busiest(histograms, opts.maxServices ?? 100)) {
    const { volume, errorRate } = seriesOf(buckets, start, to, step);
    const tag = (metric: AnomalyMetric) => (d: Detection): Anomaly => ({ ...d, id: anomalyId(projectId, service, null, metric, d.from), service, patternId: null, metric });
    out.push(...detectAnomalies(volume, { from }).map(tag('volume')));
    out.push(...detectAnomalies(errorRate, { from, kind: 'rate' }).map(tag('error_rate')));
  }
  if ((opts.patterns ?? 10) > 0) out.push(...(await patternAnomalies(store, projectId, range, opts.patterns ?? 10, opts.services)));
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.from - b.from);
}

/**
 * What detection reads of the HISTORY_DAYS before the judged range [from, to): the same times on each earlier
 * day (the seasonal baseline) and ROLLING_READ buckets before `from` (the rolling one). The rest of the week
 * is never looked at, so it is not read: for a 1 h range that is 17 h of minutes instead of 169 h.
 */
export function baselineRanges(from: number, to: number, step: number): Array<{ from: number; to: number }> {
  const ranges = [{ from: from - ROLLING_READ * step, to }];
  for (let d = 1; d <= HISTORY_DAYS; d++) ranges.push({ from: from - d * DAY, to: to - d * DAY });
  return ranges;
}

/** The `max` services with the most logs over the read (range and history), then by name. */
function busiest(histograms: ServiceHistogram[], max: number): ServiceHistogram[] {
  const total = (h: ServiceHistogram) => h.buckets.reduce((n, b) => n + Object.values(b.counts).reduce((m, c) => m + (c ?? 0), 0), 0);
  return histograms
    .map((h) => ({ h, n: total(h) }))
    .sort((a, b) => b.n - a.n || (a.h.service < b.h.service ? -1 : 1))
    .slice(0, max)
    .map((x) => x.h);
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
  // Before a service's first log there is no history, not a history of zeros: a service started two hours ago
  // must not be judged against "0 logs at this hour on each of the last 7 days".
  const first = Math.max(0, total.findIndex((t) => t > 0));
  const begin = start + first * step;
  const t = total.slice(first);
  return {
    volume: { start: begin, step, values: t },
    errorRate: { start: begin, step, values: t.map((n, i) => (n ? errors[first + i]! / n : 0)), weights: t },
  };
}

export function anomalyId(projectId: number, service: string, patternId: string | null, metric: AnomalyMetric, from: number): string {
  return createHash('sha256').update(`${projectId}\u0000${service}\u0000${patternId ?? ''}\u0000${metric}\u0000${from}`).digest('hex').slice(0, 16);
}
