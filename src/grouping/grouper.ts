/**
 * Runs the registered algorithm versions over a log: the newest gives the fingerprint, title and culprit;
 * each older one gives a `legacy` fingerprint, so a store can keep a log in the group an older version made
 * (a new version never splits existing groups silently).
 */
import crypto from 'node:crypto';
import { customHashInput, customParts } from './custom-fingerprint.js';
import type { Grouping, GroupingAlgorithm, GroupingInput } from './types.js';

const GROUPED = new Set(['WARN', 'ERROR', 'FATAL']);

export type GroupLog = (input: GroupingInput) => Grouping | null;

export function createGrouper(algorithms: readonly GroupingAlgorithm[]): GroupLog {
  if (algorithms.length === 0) throw new Error('createGrouper needs at least one algorithm version');
  const [current, ...older] = [...algorithms].sort((a, b) => b.version - a.version);
  return (given) => {
    if (!GROUPED.has(given.level)) return null;
    // a caller holding a row without context (null) gets the same answer as with an empty one
    const input = given.context !== null && typeof given.context === 'object' ? given : { ...given, context: {} };
    const custom = customParts(input.context.fingerprint);
    const described = current.describe(input);
    const fingerprint = fingerprintOf(current.version, described.parts, custom);
    const legacy: string[] = [];
    for (const algorithm of older) {
      const old = fingerprintOf(algorithm.version, algorithm.describe(input).parts, custom);
      if (old !== fingerprint && !legacy.includes(old)) legacy.push(old);
    }
    return { fingerprint, legacy, title: described.title, culprit: described.culprit, type: described.type };
  };
}

/** The version is part of the hash input; a custom fingerprint without `{{ default }}` is the same under every version. */
function fingerprintOf(version: number, parts: readonly string[], custom: readonly string[] | null): string {
  const computed = md5(`v${version}\u0000${parts.join('\u0000')}`);
  return custom ? md5(customHashInput(custom, computed)) : computed;
}

// crypto.hash (Node >= 20.12) is one call without a Hash object: about half the cost for short inputs
const md5: (text: string) => string = typeof crypto.hash === 'function'
  ? (text) => crypto.hash('md5', text, 'hex')
  : (text) => crypto.createHash('md5').update(text).digest('hex');
