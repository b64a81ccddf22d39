/**
 * Error rate and latency of a service / route, from the performance aggregates (src/perf): per-minute rows
 * summed over the window's whole minutes. The threshold is fixed, or a baseline: the mean of the same
 * measure over the windows of the previous 24 h plus k standard deviations (needs 3 windows with requests).
 */
import { accOf, groupRows, type Acc } from '../perf/stats.js';
import { quantiles } from '../perf/sketch.js';
import type { AlertCondition } from '../store/alerts-types.js';
import { duration, meanStd, quote, type MeasureContext, type Measurement } from './measure.js';

type PerfCondition = Extract<AlertCondition, { kind: 'error_rate' } | { kind: 'latency' }>;

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

function valueOf(c: PerfCondition, acc: Acc): number | null {
  if (acc.n === 0) return null;
  if (c.kind === 'error_rate') return (acc.errors / acc.n) * 100;
  return quantiles(acc.sketch, [c.percentile / 100])[0] ?? null;
}

const round = (v: number) => Math.round(v * 100) / 100;

export async function measurePerf(ctx: MeasureContext, c: PerfCondition): Promise<Measurement[]> {
  const windowMs = c.window_s * 1000;
  const to = Math.floor(ctx.now / MINUTE) * MINUTE;
  const from = to - windowMs;
  const scope = { projectId: ctx.projectId, ...(c.service ? { service: c.service } : {}), ...(c.route ? { route: c.route } : {}), minutesOnly: true };
  const acc = accOf(await ctx.store.perfRows({ ...scope, from, to }));
  const value = valueOf(c, acc);

  let threshold: number | null = c.kind === 'error_rate' ? (c.threshold_pct ?? null) : (c.threshold_ms ?? null);
  let baselineText = '';
  if (c.baseline_sigma !== undefined) {
    const start = from - DAY_MS;
    const rows = await ctx.store.perfRows({ ...scope, from: start, to: from });
    const windows = groupRows(rows, (r) => Math.floor((r.t - start) / windowMs));
    const values = [...windows.values()].map((a) => valueOf(c, a)).filter((v): v is number => v !== null);
    const stats = meanStd(values);
    if (stats) {
      threshold = stats.mean + c.baseline_sigma * stats.std;
      const unit = c.kind === 'error_rate' ? ' %' : ' ms';
      baselineText = `; baseline ${round(stats.mean)}${unit} + ${c.baseline_sigma}σ over ${values.length} windows of the previous 24 h`;
    } else {
      baselineText = '; no baseline yet (fewer than 3 windows with requests in the previous 24 h)';
    }
  }

  const who = [c.service, c.route].filter(Boolean).join(' ') || 'all services';
  const window = duration(c.window_s);
  let summary: string;
  if (value === null) summary = `No requests of ${who} in ${window}`;
  else if (c.kind === 'error_rate') {
    summary = `Error rate of ${who} ${round(value)} % (${acc.errors} of ${acc.n} requests) in ${window} (threshold > ${threshold === null ? '—' : `${round(threshold)} %`}${baselineText})`;
  } else {
    summary = `p${c.percentile} latency of ${who} ${round(value)} ms over ${acc.n} requests in ${window} (threshold > ${threshold === null ? '—' : `${round(threshold)} ms`}${baselineText})`;
  }
  const q = [c.service ? `service:${quote(c.service)}` : '', c.kind === 'error_rate' ? 'level:>=error' : ''].filter(Boolean).join(' ');
  const breached = value !== null && threshold !== null && value > threshold;
  return [{ group: '', value: value === null ? null : round(value), threshold: threshold === null ? null : round(threshold), breached, summary, q, sampleFilter: null }];
}
