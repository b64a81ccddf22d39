/**
 * Error grouping: which WARN/ERROR/FATAL logs are the same problem. Pure functions, no store and no HTTP:
 * ingest calls `groupLog` once per row and the stores keep one error group per (project, fingerprint).
 * How it works, for users: docs/errors.md, "How logs are grouped".
 */
import { algorithmV1 } from './algorithm-v1.js';
import { createGrouper } from './grouper.js';

export type { Description, Grouping, GroupingAlgorithm, GroupingInput } from './types.js';
export type { ErrorInfo } from './extract-error.js';
export type { Frame } from './stack/parse-stack.js';
export { extractError } from './extract-error.js';
export { parseStack } from './stack/parse-stack.js';
export { normalizeMessage } from './normalize.js';
export { createGrouper } from './grouper.js';

/** Every released version, oldest first. A change that would give an existing error another fingerprint is a new entry. */
const ALGORITHMS = [algorithmV1];

/** Bumped whenever a change would give an existing error a different fingerprint. */
export const GROUPING_VERSION = ALGORITHMS[ALGORITHMS.length - 1].version;

/** `groupLog({ level: 'ERROR', service: 'api', message: 'Payment for order 7 failed', context: {} })` → its group; null below WARN. */
export const groupLog = createGrouper(ALGORITHMS);
