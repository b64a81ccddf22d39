/**
 * A measurement: what one evaluation of a rule's condition found, per group ('' when ungrouped). Each kind's
 * evaluator (measure-*.ts) reads existing store aggregates over [now - window, now) and says whether the
 * condition holds, with a sentence saying why (numbers included) and the search that shows the logs.
 */
import type { AlertCondition, CompareOp } from '../store/alerts-types.js';
import type { LogFilter, Store } from '../store/types.js';
import { measureAnomaly } from './measure-anomaly.js';
import { measureErrorGroups } from './measure-errors.js';
import { measureQuery, measureSilence } from './measure-logs.js';
import { measurePerf } from './measure-perf.js';

export interface Measurement {
  group: string;
  value: number | null;
  threshold: number | null;
  breached: boolean;
  /** Why, with numbers: "143 logs matched `level:error` in 5 m (threshold > 100)". */
  summary: string;
  /** The search-language query of the logs behind the value (the explorer link's q). */
  q: string;
  /** The logs the sample lines come from, or null when there is nothing to show. */
  sampleFilter: LogFilter | null;
}

export interface MeasureContext {
  store: Store;
  projectId: number;
  now: number;
  /** Groups the rule has state for: measured even when they no longer show up (so they can resolve). */
  knownGroups: string[];
}

export function compare(value: number, op: CompareOp, threshold: number): boolean {
  return op === '>' ? value > threshold : op === '>=' ? value >= threshold : op === '<' ? value < threshold : value <= threshold;
}

/** "5 m", "1 h", "90 s", "1 d". */
export function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} m`;
  return `${seconds} s`;
}

/** Mean and standard deviation of the values (population), or null with fewer than 3. */
export function meanStd(values: number[]): { mean: number; std: number } | null {
  if (values.length < 3) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Quotes a value for the search language when it holds anything but plain characters. */
export function quote(v: string): string {
  return /^[A-Za-z0-9_.\-/@]+$/.test(v) ? v : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function measure(ctx: MeasureContext, c: AlertCondition): Promise<Measurement[]> {
  switch (c.kind) {
    case 'query':
      return measureQuery(ctx, c);
    case 'silence':
      return measureSilence(ctx, c);
    case 'error_group':
      return measureErrorGroups(ctx, c);
    case 'error_rate':
    case 'latency':
      return measurePerf(ctx, c);
    case 'anomaly':
      return measureAnomaly(ctx, c);
  }
}
