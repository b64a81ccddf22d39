/**
 * Project patterns kept by the upkeep job (src/insights/patterns/upkeep.ts): per project, Drain clusters with
 * their totals, counts per hour, and one progress row (the last log id read and the Drain trees).
 */
import type { Level } from './types.js';

/** What the job reads of a log. */
export interface PatternSourceRow {
  id: string;
  projectId: number;
  ts: number;
  level: Level;
  service: string;
  message: string;
}

export interface StoredPattern {
  projectId: number;
  /** The Drain cluster id within its project ("c17"): stable while the template generalises. */
  clusterId: string;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  levels: Record<string, number>;
  services: string[];
  /** Ids of up to 3 example logs, newest first. */
  exampleIds: string[];
}

/** What a batch adds to a pattern: counts are added, times widen, services and examples merge. */
export type PatternDelta = StoredPattern;

export interface PatternHour {
  projectId: number;
  clusterId: string;
  /** Epoch ms of the hour's start. */
  hour: number;
  count: number;
}

export interface PatternProgress {
  /** The last log id read ("0" before the first run). */
  watermark: string;
  /** The Drain trees by project (JSON), or null before the first run; saving null keeps the stored trees. */
  state: string | null;
}

/**
 * The pseudo-cluster a project's estimated share is kept under when the upkeep sampled (./../insights/patterns/
 * upkeep.ts): its count is the logs the scaled counts add beyond the logs mined. Not a pattern: readers drop it.
 */
export const SAMPLED_EXTRA = '~sampled';

/** The project's patterns without the pseudo-cluster, and the logs the counts estimate beyond those mined. */
export function splitEstimate(list: StoredPattern[]): { patterns: StoredPattern[]; estimatedExtra: number } {
  const meta = list.find((p) => p.clusterId === SAMPLED_EXTRA);
  return { patterns: meta ? list.filter((p) => p !== meta) : list, estimatedExtra: meta?.count ?? 0 };
}

export interface InsightPatternStore {
  /**
   * Logs with id > afterId received at or before `receivedBy` (ms), by id, at most `limit`. With `every` > 1, a
   * deterministic sample: only the logs whose id is a multiple of `every`, and every log at ERROR or above.
   */
  patternSourceAfter(afterId: string, receivedBy: number, limit: number, every?: number): Promise<PatternSourceRow[]>;
  patternProgress(): Promise<PatternProgress>;
  /**
   * Adds the batch's deltas and hour counts and moves the progress, in one transaction, only when the
   * stored watermark is still `expected` (another instance did not take the batch): false otherwise.
   */
  savePatternBatch(expected: string, next: PatternProgress, deltas: PatternDelta[], hours: PatternHour[]): Promise<boolean>;
  /** The project's patterns, largest count first. */
  listProjectPatterns(projectId: number, limit: number): Promise<StoredPattern[]>;
  /** Hour counts of the project's patterns over [from, to) (hours starting in it), by hour. */
  patternHours(projectId: number, from: number, to: number, clusterIds?: string[]): Promise<PatternHour[]>;
}

/** The merge both stores apply to an existing row (the deltas arrive newest example first). */
export function mergePattern(row: StoredPattern | undefined, d: PatternDelta, maxServices = 20): StoredPattern {
  if (!row) return { ...d, services: d.services.slice(0, maxServices), exampleIds: d.exampleIds.slice(0, 3) };
  const levels = { ...row.levels };
  for (const [l, n] of Object.entries(d.levels)) levels[l] = (levels[l] ?? 0) + n;
  const services = [...row.services];
  for (const s of d.services) if (services.length < maxServices && !services.includes(s)) services.push(s);
  return {
    projectId: row.projectId,
    clusterId: row.clusterId,
    template: d.template,
    count: row.count + d.count,
    firstSeen: Math.min(row.firstSeen, d.firstSeen),
    lastSeen: Math.max(row.lastSeen, d.lastSeen),
    levels,
    services,
    exampleIds: [...d.exampleIds, ...row.exampleIds.filter((id) => !d.exampleIds.includes(id))].slice(0, 3),
  };
}
