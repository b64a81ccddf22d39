/**
 * The project's patterns as the upkeep job keeps them (all time), in the same shape as a pattern run:
 * sparkline over the last 24 hours (hourly), status from the last 24 hours against the 24 before.
 */
import { splitEstimate, type StoredPattern } from '../store/insight-types.js';
import type { Store } from '../store/types.js';
import { patternId, SPARK_BUCKETS, statusOf, type PatternRun, type PatternSummary } from './patterns/index.js';

const HOUR = 3_600_000;
const MAX_CLUSTERS = 5_000;

export async function projectPatterns(store: Store, projectId: number, limit: number, now: number): Promise<PatternRun> {
  const { patterns: all, estimatedExtra } = splitEstimate(await store.listProjectPatterns(projectId, MAX_CLUSTERS + 1));
  const total = all.reduce((n, p) => n + p.count, 0);
  const top = all.slice(0, limit);
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  const start = end - SPARK_BUCKETS * HOUR;
  const hours = await store.patternHours(projectId, start - SPARK_BUCKETS * HOUR, end, top.map((p) => p.clusterId));
  const spark = new Map<string, number[]>();
  const before = new Map<string, number>();
  for (const h of hours) {
    if (h.hour < start) {
      before.set(h.clusterId, (before.get(h.clusterId) ?? 0) + h.count);
      continue;
    }
    let s = spark.get(h.clusterId);
    if (!s) spark.set(h.clusterId, (s = new Array<number>(SPARK_BUCKETS).fill(0)));
    s[Math.floor((h.hour - start) / HOUR)]! += h.count;
  }
  const patterns = top.map((p) => summaryOf(p, total, spark.get(p.clusterId), before.get(p.clusterId) ?? 0));
  // When the upkeep sampled (a backlog past its rate), the counts are estimates: `scanned` are the logs mined.
  const scanned = Math.max(0, total - estimatedExtra);
  return { patterns, scanned, matched: total, sampleRate: total && estimatedExtra ? scanned / total : 1 };
}

function summaryOf(p: StoredPattern, total: number, spark: number[] | undefined, before: number): PatternSummary {
  const sparkline = spark ?? new Array<number>(SPARK_BUCKETS).fill(0);
  const recent = sparkline.reduce((a, b) => a + b, 0);
  const ratio = before ? recent / before : null;
  return {
    id: patternId(p.template), template: p.template, count: p.count, share: total ? p.count / total : 0,
    firstSeen: p.firstSeen, lastSeen: p.lastSeen, levels: p.levels, services: p.services, exampleIds: p.exampleIds,
    examples: [], sparkline, status: recent ? statusOf(before, ratio) : 'stable', baselineCount: before, ratio,
  };
}
