/**
 * Pure anomaly detection on one series. Each judged bucket gets an expected value and a noise scale:
 * - seasonal, when the series holds at least `minSeasons` values of the same bucket on earlier periods (days):
 *   their median, and 1.4826 x their median absolute deviation (MAD);
 * - else rolling: the median and MAD of the `window` buckets just before (for rates, the usable ones among the
 *   2 x `window` before).
 * The scale never goes below the sampling noise (Poisson sqrt(expected) for counts, binomial for rates), so a
 * flat series does not turn every wobble into an alarm. A bucket with |robust z| >= threshold (and a difference
 * of at least `minDelta`) opens a window, which goes on while |z| stays above half the threshold in the same
 * direction; windows of `shiftBuckets` or more are level shifts, shorter ones spikes or drops.
 */
import type { BaselineKind, DetectOptions, Detection, Series } from './types.js';

const DAY = 86_400_000;

interface Judged {
  z: number;
  observed: number;
  expected: number;
  baseline: BaselineKind;
}

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Detections over the buckets of `series` at or after `opts.from`, oldest first. */
export function detectAnomalies(series: Series, opts: DetectOptions): Detection[] {
  const o = {
    threshold: 4, period: DAY, minSeasons: 3, window: 12, shiftBuckets: 6, kind: 'count' as const, minWeight: 20,
    ...opts,
  };
  const minDelta = opts.minDelta ?? (o.kind === 'rate' ? 0.05 : 5);
  const first = Math.max(0, Math.ceil((o.from - series.start) / series.step));
  const judged: Array<Judged | null> = [];
  for (let i = first; i < series.values.length; i++) judged.push(judge(series, i, o, minDelta));

  const out: Detection[] = [];
  let open: { start: number; sign: number; items: Judged[] } | null = null;
  const close = (endIdx: number) => {
    if (!open) return;
    const items = open.items;
    const kind = items.length >= o.shiftBuckets ? 'level_shift' : open.sign > 0 ? 'spike' : 'drop';
    const peak = items.reduce((p, j) => (Math.abs(j.z) > Math.abs(p.z) ? j : p));
    out.push({
      kind,
      from: series.start + (first + open.start) * series.step,
      to: series.start + (first + endIdx) * series.step,
      observed: mean(items.map((j) => j.observed)),
      expected: mean(items.map((j) => j.expected)),
      score: round2(peak.z),
      baseline: peak.baseline,
    });
    open = null;
  };
  for (let k = 0; k < judged.length; k++) {
    const j = judged[k];
    if (open && j && Math.sign(j.z) === open.sign && Math.abs(j.z) >= o.threshold / 2) {
      open.items.push(j);
      continue;
    }
    close(k);
    if (j && Math.abs(j.z) >= o.threshold && Math.abs(j.observed - j.expected) >= minDelta) {
      open = { start: k, sign: Math.sign(j.z), items: [j] };
    }
  }
  close(judged.length);
  return out;
}

function judge(s: Series, i: number, o: Required<Omit<DetectOptions, 'minDelta'>>, minDelta: number): Judged | null {
  const observed = s.values[i]!;
  if (o.kind === 'rate' && (s.weights?.[i] ?? 0) < o.minWeight) return null;
  const usable = (k: number) => k >= 0 && (o.kind !== 'rate' || (s.weights?.[k] ?? 0) >= o.minWeight);
  const perSeason = Math.round(o.period / s.step);
  const seasonal: number[] = [];
  for (let k = i - perSeason; k >= 0 && seasonal.length < 7; k -= perSeason) if (usable(k)) seasonal.push(s.values[k]!);
  let history: number[];
  let baseline: BaselineKind;
  if (perSeason >= 2 && seasonal.length >= o.minSeasons) {
    history = seasonal;
    baseline = 'seasonal';
  } else {
    history = [];
    // Rates skip sparse buckets, but no further back than twice the window: a rolling baseline stays recent
    // (and the scan reads only that much before the range).
    for (let k = i - 1; k >= Math.max(0, i - 2 * o.window) && history.length < o.window; k--) if (usable(k)) history.push(s.values[k]!);
    baseline = 'rolling';
    if (history.length < Math.min(o.window, 4)) return null; // too little history to judge
  }
  const expected = median(history);
  const mad = 1.4826 * median(history.map((v) => Math.abs(v - expected)));
  const noise = o.kind === 'rate'
    ? Math.sqrt(Math.max(expected, 0.01) * (1 - Math.min(expected, 0.99)) / Math.max(1, s.weights?.[i] ?? 1))
    : Math.sqrt(Math.max(expected, 1));
  const scale = Math.max(mad, noise, o.kind === 'rate' ? 0 : minDelta / o.threshold);
  return { z: (observed - expected) / scale, observed, expected, baseline };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const round2 = (x: number) => Math.round(x * 100) / 100;
