/** Stack frames of an error group's latest event, for the group page. */
import type { LogEntry } from '../store/types.js';

/** The fixed frame shape (ERRORS-CONTRACT.md). */
export interface Frame {
  file: string;
  function: string;
  line: number | null;
  column: number | null;
  in_app: boolean;
  raw: string;
}

/**
 * MERGE POINT (lead): return `parseStack(<the event's stack text>)` from src/grouping once G's branch is
 * merged. Until then no frames: S depends on `groupLog` only.
 */
export function framesOf(_event: LogEntry): Frame[] {
  return [];
}
