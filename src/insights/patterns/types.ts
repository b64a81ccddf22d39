/** The shapes of a pattern run (contract: /work insights-api, "Patterns"). */
import type { StoredLog } from '../../store/types.js';

export type PatternStatus = 'new' | 'rising' | 'stable' | 'falling';

export interface PatternSummary {
  /** Stable hash of the template: the same template has the same id in every run and in the project table. */
  id: string;
  template: string;
  /** Estimated total when sampled (each row read counts for its stratum's rows). */
  count: number;
  share: number;
  firstSeen: number;
  lastSeen: number;
  levels: Record<string, number>;
  services: string[];
  exampleIds: string[];
  /** Up to 3 example rows, newest first (the routes show them as full log views). */
  examples: StoredLog[];
  sparkline: number[];
  status: PatternStatus;
  baselineCount: number | null;
  ratio: number | null;
}

export interface PatternRun {
  patterns: PatternSummary[];
  scanned: number;
  matched: number;
  sampleRate: number;
}

export interface MineOptions {
  limit: number;
  /** Compare with the previous range of the same length (status, baselineCount, ratio). */
  baseline: boolean;
  /** Rows read at most; past it the run samples (./sample-plan.ts). */
  maxRows?: number;
}
