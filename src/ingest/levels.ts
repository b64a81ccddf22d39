/** Level names and the aliases that map onto them (BRIEF §2); input is case-insensitive. */
import type { Level } from '../store/types.js';

// A Map, not an object literal: input like "constructor" or "__proto__" must not find Object.prototype.
const ALIASES = new Map<string, Level>(Object.entries({
  trace: 'TRACE', verbose: 'TRACE', silly: 'TRACE',
  debug: 'DEBUG', dbg: 'DEBUG',
  info: 'INFO', information: 'INFO', informational: 'INFO', notice: 'INFO', log: 'INFO', http: 'INFO',
  warn: 'WARN', warning: 'WARN',
  error: 'ERROR', err: 'ERROR', severe: 'ERROR',
  fatal: 'FATAL', critical: 'FATAL', crit: 'FATAL', panic: 'FATAL', emerg: 'FATAL', emergency: 'FATAL', alert: 'FATAL',
} satisfies Record<string, Level>));

/** Maps a level name or alias to a Level, or null when it maps to nothing. */
export function parseLevel(input: unknown): Level | null {
  if (typeof input !== 'string') return null;
  return ALIASES.get(input.trim().toLowerCase()) ?? null;
}

/** Parses a comma-separated or repeated list of levels from a query string; throws on an unknown one. */
export function parseLevels(values: string[]): Level[] | { invalid: string } {
  const out = new Set<Level>();
  for (const v of values.flatMap((s) => s.split(','))) {
    if (!v.trim()) continue;
    const level = parseLevel(v);
    if (!level) return { invalid: v };
    out.add(level);
  }
  return [...out];
}
