/**
 * A reference model of the query semantics, in plain TypeScript, that the contract cases compare each
 * backend against: filters ANDed, newest first by (ts, id), the query as src/search/evaluate.ts says.
 */
import { matches } from '../../search/evaluate.js';
import { fullQuery } from '../query-shape.js';
import type { LogEntry, LogFilter } from '../types.js';

export function modelMatches(e: LogEntry, f: LogFilter): boolean {
  const ts = Date.parse(e.timestamp);
  return (
    f.projectIds.includes(e.projectId) &&
    (!f.services?.length || f.services.includes(e.service)) &&
    (!f.levels?.length || f.levels.includes(e.level)) &&
    (f.from === undefined || ts >= f.from) &&
    (f.to === undefined || ts < f.to) &&
    matches(fullQuery(f) ?? { type: 'all', span: { start: 0, end: 0 } }, e)
  );
}

/** Newest first by (ts, id); ids compared as 64-bit integers. */
export function newestFirst(a: LogEntry, b: LogEntry): number {
  const d = Date.parse(b.timestamp) - Date.parse(a.timestamp);
  if (d !== 0) return d;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x < y ? 1 : -1;
}
