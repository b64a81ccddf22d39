/**
 * Error grouping: which WARN/ERROR/FATAL logs are the same problem. Pure functions, no store and no HTTP:
 * ingest calls `groupLog` once per row and the stores keep one error group per (project, fingerprint).
 *
 * PROVISIONAL: this first version only normalises the message; `src/grouping/*` replaces it with stack
 * parsers, the error-shape mapping and custom fingerprints behind the same signature.
 */
import { createHash } from 'node:crypto';
import type { Level } from '../store/types.js';

/** Bumped whenever a change would give an existing error a different fingerprint. */
export const GROUPING_VERSION = 1;

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
  /** The fingerprints earlier algorithm versions give this log (oldest last); a store that knows one keeps the group. */
  legacy: string[];
  /** "Type: message template", or the message template when there is no error type. At most 200 characters. */
  title: string;
  /** Where it happened: the top in-app frame ("file in function"), else the service. At most 200 characters. */
  culprit: string;
  /** Exception type/class when known. */
  type: string | null;
}

const GROUPED: ReadonlySet<Level> = new Set(['WARN', 'ERROR', 'FATAL']);

export function groupLog(input: GroupingInput): Grouping | null {
  if (!GROUPED.has(input.level)) return null;
  const template = normalizeMessage(input.message);
  const fingerprint = createHash('sha256').update(`v${GROUPING_VERSION}\u0000${template}`).digest('hex').slice(0, 32);
  return { fingerprint, legacy: [], title: template.slice(0, 200), culprit: input.service.slice(0, 200), type: null };
}

/** Variable parts of a message become readable placeholders: `Payment for order <num> failed`. */
export function normalizeMessage(message: string): string {
  return message.replace(/\d+(\.\d+)?/g, '<num>');
}
