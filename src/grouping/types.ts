import type { Level } from '../store/types.js';

export interface GroupingInput {
  level: Level;
  service: string;
  message: string;
  /** The log's context object as sent (after validation). */
  context: Record<string, unknown>;
}

export interface Grouping {
  /** 32 hex characters; the same problem always gets the same one under one algorithm version. */
  fingerprint: string;
  /** The fingerprints earlier algorithm versions give this log (newest first); a store that knows one keeps the group. */
  legacy: string[];
  /** "Type: message template", or the message template when there is no error type. At most 200 characters. */
  title: string;
  /** Where it happened: the top in-app frame ("file in function"), else the service. At most 200 characters. */
  culprit: string;
  /** Exception type/class when known. */
  type: string | null;
}

/** What one version of the algorithm makes of a log: the parts hashed into its fingerprint, and how to show it. */
export interface Description {
  parts: string[];
  title: string;
  culprit: string;
  type: string | null;
}

/**
 * One version of the grouping algorithm. Versions are never edited once released: a change is a new
 * version, and the old one stays registered so that its fingerprint can be given as `legacy`.
 */
export interface GroupingAlgorithm {
  version: number;
  describe(input: GroupingInput): Description;
}
