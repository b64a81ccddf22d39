/**
 * Sampling per project and level (issue 13): keep a fraction of the low levels of a noisy application.
 * WARN and above are never sampled. A log with a trace id is kept or dropped by a hash of the trace id, so a
 * trace is kept whole (and, since the same hash is compared with every level's rate, a trace kept at 10 % of
 * DEBUG is also kept at 50 % of INFO); a log without one is drawn at random.
 */
import { AppError } from '../errors.js';
import type { SamplingRates } from '../store/quota-types.js';
import { LEVELS, type Level, type LogRow } from '../store/types.js';

/** The levels a project may sample; the others are always kept whole. */
export const SAMPLED_LEVELS: readonly Level[] = ['TRACE', 'DEBUG', 'INFO'];

/** Checks `{ "DEBUG": 0.1, "info": 0.5 }` at the boundary; an empty object or null means no sampling. */
export function parseSampling(input: unknown): SamplingRates | null {
  if (input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input)) throw new AppError('VALIDATION_FAILED', 'sampling must be an object of level: keep rate, or null.');
  const rates: SamplingRates = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const level = key.toUpperCase() as Level;
    if (!LEVELS.includes(level)) throw new AppError('VALIDATION_FAILED', `sampling: "${key}" is not a level (${SAMPLED_LEVELS.join(', ')}).`);
    if (!SAMPLED_LEVELS.includes(level)) {
      throw new AppError('VALIDATION_FAILED', `sampling: ${level} and above are never sampled; only ${SAMPLED_LEVELS.join(', ')} can be.`);
    }
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new AppError('VALIDATION_FAILED', `sampling: the keep rate of ${level} must be a number from 0 to 1 (0.1 keeps 10 %).`);
    }
    if (value < 1) rates[level] = value;
  }
  return Object.keys(rates).length ? rates : null;
}

/** FNV-1a over the UTF-16 code units, scaled to [0, 1): cheap, and stable across instances and restarts. */
export function traceFraction(traceId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < traceId.length; i++) {
    h ^= traceId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV's low bits mix poorly for short inputs that differ in their last character: one more avalanche step.
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 0x1_0000_0000;
}

export interface Sampled {
  kept: LogRow[];
  /** Sampled-out logs by level index (LEVELS order). */
  sampledOut: number[];
}

/** Keeps each row with its level's rate; rows of levels without a rate are always kept. */
export function sampleRows(rows: LogRow[], rates: SamplingRates, random: () => number = Math.random): Sampled {
  const sampledOut = [0, 0, 0, 0, 0, 0];
  const kept: LogRow[] = [];
  for (const row of rows) {
    const rate = rates[row.level];
    if (rate === undefined || (row.traceId !== null ? traceFraction(row.traceId) : random()) < rate) kept.push(row);
    else sampledOut[LEVELS.indexOf(row.level)]!++;
  }
  return { kept, sampledOut };
}
