/**
 * Patterns over any query and range: the matching logs (sampled past `maxRows`) go through one Drain tree;
 * each cluster becomes a pattern with its counts, levels, services, examples and a 24-bucket sparkline.
 * With a baseline, the previous range of the same length is read and matched against the same tree (without
 * changing it), which gives each pattern's baseline count: no baseline rows makes a pattern "new".
 */
import type { LogFilter, Store, StoredLog } from '../../store/types.js';
import { Drain } from './drain.js';
import { patternId } from './pattern-id.js';
import { DEFAULT_MAX_ROWS, readSample } from './sample-plan.js';
import type { MineOptions, PatternRun, PatternStatus, PatternSummary } from './types.js';

export const SPARK_BUCKETS = 24;
/** A pattern at least this many times its baseline count is rising; at most its inverse, falling. */
export const RISING_RATIO = 2;
const MAX_SERVICES = 20;
const MAX_EXAMPLES = 3;

interface Acc {
  count: number;
  first: number;
  last: number;
  levels: Record<string, number>;
  services: Set<string>;
  examples: StoredLog[];
  spark: number[];
}

/** See the module comment. Example: `minePatterns(store, { projectIds: [1], from, to }, { limit: 50, baseline: true })`. */
export async function minePatterns(store: Store, filter: LogFilter & { from: number; to: number }, opts: MineOptions): Promise<PatternRun> {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const drain = new Drain();
  const accs = new Map<string, Acc>();
  const step = (filter.to - filter.from) / SPARK_BUCKETS;
  const { scanned, matched } = await readSample(store, filter, maxRows, (row, weight) => {
    const { clusterId } = drain.add(row.message);
    let a = accs.get(clusterId);
    if (!a) accs.set(clusterId, (a = { count: 0, first: row.ts, last: row.ts, levels: {}, services: new Set(), examples: [], spark: new Array<number>(SPARK_BUCKETS).fill(0) }));
    a.count += weight;
    if (row.ts < a.first) a.first = row.ts;
    if (row.ts > a.last) a.last = row.ts;
    a.levels[row.level] = (a.levels[row.level] ?? 0) + weight;
    if (a.services.size < MAX_SERVICES) a.services.add(row.service);
    if (a.examples.length < MAX_EXAMPLES) a.examples.push(row);
    a.spark[Math.min(SPARK_BUCKETS - 1, Math.max(0, Math.floor((row.ts - filter.from) / step)))]! += weight;
  });

  let baseline: Map<string, number> | null = null;
  if (opts.baseline) {
    baseline = new Map();
    const len = filter.to - filter.from;
    await readSample(store, { ...filter, from: filter.from - len, to: filter.from }, maxRows, (row, weight) => {
      const c = drain.match(row.message);
      if (c) baseline!.set(c.id, (baseline!.get(c.id) ?? 0) + weight);
    });
  }

  const total = [...accs.values()].reduce((n, a) => n + a.count, 0) || 1;
  const byId = new Map<string, PatternSummary>();
  for (const [clusterId, a] of accs) {
    const template = drain.cluster(clusterId)!.tokens.join(' ');
    const id = patternId(template);
    const base = baseline ? (baseline.get(clusterId) ?? 0) : null;
    const prev = byId.get(id); // two clusters can end with the same template: one pattern
    const p = prev ? mergeInto(prev, a, base) : summaryOf(id, template, a, base);
    byId.set(id, p);
  }
  const patterns = [...byId.values()].map((p) => finish(p, total)).sort((x, y) => y.count - x.count || x.template.localeCompare(y.template));
  return { patterns: patterns.slice(0, opts.limit), scanned, matched, sampleRate: matched ? Math.min(1, scanned / matched) : 1 };
}

function summaryOf(id: string, template: string, a: Acc, base: number | null): PatternSummary {
  return {
    id, template, count: a.count, share: 0, firstSeen: a.first, lastSeen: a.last, levels: { ...a.levels },
    services: [...a.services], exampleIds: a.examples.map((e) => e.id), examples: a.examples, sparkline: a.spark,
    status: 'stable', baselineCount: base, ratio: null,
  };
}

function mergeInto(p: PatternSummary, a: Acc, base: number | null): PatternSummary {
  p.count += a.count;
  p.firstSeen = Math.min(p.firstSeen, a.first);
  p.lastSeen = Math.max(p.lastSeen, a.last);
  for (const [l, n] of Object.entries(a.levels)) p.levels[l] = (p.levels[l] ?? 0) + n;
  for (const s of a.services) if (p.services.length < MAX_SERVICES && !p.services.includes(s)) p.services.push(s);
  p.sparkline = p.sparkline.map((n, i) => n + a.spark[i]!);
  if (base !== null) p.baselineCount = (p.baselineCount ?? 0) + base;
  return p;
}

/** Rounds the estimates and sets share, ratio and status. */
function finish(p: PatternSummary, total: number): PatternSummary {
  const count = Math.round(p.count);
  const base = p.baselineCount === null ? null : Math.round(p.baselineCount);
  const ratio = base ? count / base : null;
  return {
    ...p,
    count,
    share: p.count / total,
    levels: Object.fromEntries(Object.entries(p.levels).map(([l, n]) => [l, Math.round(n)])),
    sparkline: p.sparkline.map((n) => Math.round(n)),
    baselineCount: base,
    ratio,
    status: statusOf(base, ratio),
  };
}

export function statusOf(base: number | null, ratio: number | null): PatternStatus {
  if (base === null) return 'stable';
  if (base === 0) return 'new';
  if (ratio! >= RISING_RATIO) return 'rising';
  if (ratio! <= 1 / RISING_RATIO) return 'falling';
  return 'stable';
}
