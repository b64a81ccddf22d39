/**
 * Steady ingest while retention deletes (issue 13: "no ingest stall over 50 ms while it runs"). Loads
 * `oldRows` logs on expired days, then commits a small batch every `intervalMs` through the store (the
 * writer path every ingest request takes) and times each commit: first for `baselineMs` alone, then while a
 * retention run deletes the old logs. Shared by the SQLite retention test and bench/retention.bench.ts.
 */
import { Retention } from '../../src/retention/retention.js';
import type { Store } from '../../src/store/types.js';
import { rng, rows as genRows } from './logs.js';
import { stepTraceMs, wallClock } from '../../src/store/sqlite/step-trace.js';

const DAY = 86_400_000;

export interface RetentionLoadOptions {
  projectId: number;
  oldRows: number;
  /** Called once the old rows are in (SQLite: wait for the text index, so its entries are deleted too). */
  loaded?: () => Promise<unknown>;
  batchRows?: number;
  intervalMs?: number;
  baselineMs?: number;
}

export interface LatencyFigures {
  commits: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RetentionLoadResult {
  baseline: LatencyFigures;
  during: LatencyFigures;
  deleted: number;
  runMs: number;
  ingested: number;
}

export function figures(latencies: number[]): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { commits: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

export async function ingestDuringRetention(store: Store, opts: RetentionLoadOptions): Promise<RetentionLoadResult> {
  const r = rng(13);
  const now = Date.now();
  const oldStart = now - 40 * DAY;
  for (let done = 0; done < opts.oldRows; done += 50_000) {
    const n = Math.min(50_000, opts.oldRows - done);
    await store.insertLogs(genRows(r, opts.projectId, n, (i) => oldStart + Math.floor(((done + i) / opts.oldRows) * 5 * DAY)));
  }
  await opts.loaded?.();
  const batchRows = opts.batchRows ?? 20;
  const intervalMs = opts.intervalMs ?? 5;
  let ingested = 0;
  const steady = async (latencies: number[], until: () => boolean) => {
    while (!until()) {
      const t0 = performance.now();
      await store.commitBatches([{ rows: genRows(r, opts.projectId, batchRows, () => Date.now()) }]);
      const ms = performance.now() - t0;
      latencies.push(ms);
      // With DEVSMITH_SQLITE_TRACE_MS set, a commit over the 50 ms shows beside the writer's steps.
      if (stepTraceMs && ms > 50) process.stderr.write(`slow commit: ${ms.toFixed(1)} ms, ${wallClock(t0)} - ${wallClock(t0 + ms)}\n`);
      ingested += batchRows;
      await new Promise((res) => setTimeout(res, intervalMs));
    }
  };
  const baseline: number[] = [];
  const baselineEnd = performance.now() + (opts.baselineMs ?? 2000);
  await steady(baseline, () => performance.now() > baselineEnd);

  const during: number[] = [];
  let finished = false;
  const ingest = steady(during, () => finished);
  const t0 = performance.now();
  if (stepTraceMs) process.stderr.write(`retention run starts ${wallClock(t0)}\n`);
  const report = await new Retention(store, { defaultDays: 30, clock: () => now }).run().finally(() => {
    finished = true;
  });
  const runMs = performance.now() - t0;
  await ingest;
  return { baseline: figures(baseline), during: figures(during), deleted: report.deletedLogs, runMs, ingested };
}

export const describeFigures = (f: LatencyFigures) =>
  `${f.commits} commits, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`;

/**
 * A batch of 20 new logs committed every 5 ms until `until()`: each commit's latency, in ms. A commit over 50 ms
 * is printed when DEVSMITH_SQLITE_TRACE_MS is set (beside the SQLite writer's own step trace).
 */
export async function steadyIngest(store: Store, projectId: number, until: () => boolean): Promise<number[]> {
  const r = rng(7);
  const latencies: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    await store.commitBatches([{ rows: genRows(r, projectId, 20, () => Date.now()) }]);
    latencies.push(performance.now() - t0);
    if (process.env.DEVSMITH_SQLITE_TRACE_MS && performance.now() - t0 > 50) process.stderr.write(`slow commit ${(performance.now() - t0).toFixed(1)} ms ended ${new Date().toISOString()}\n`);
    await new Promise((res) => setTimeout(res, 5));
  }
  return latencies;
}
