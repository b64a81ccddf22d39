/** Level names and the aliases that map onto them (BRIEF §2); input is case-insensitive. */
import type { Level } from '../store/types.js';

const ALIASES: Record<string, Level> = {
  trace: 'TRACE', verbose: 'TRACE', silly: 'TRACE',
  debug: 'DEBUG', dbg: 'DEBUG',
  info: 'INFO', information: 'INFO', informational: 'INFO', notice: 'INFO', log: 'INFO', http: 'INFO',
  warn: 'WARN', warning: 'WARN',
  error: 'ERROR', err: 'ERROR', severe: 'ERROR',
  fatal: 'FATAL', critical: 'FATAL', crit: 'FATAL', panic: 'FATAL', emerg: 'FATAL', emergency: 'FATAL', alert: 'FATAL',
};

/** Maps a level name or alias to a Level, or null when it maps to nothing. */
export function parseLevel(input: unknown): Level | null {
  if (typeof input !== 'string') return null;
  return ALIASES[input.trim().toLowerCase()] ?? null;
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
