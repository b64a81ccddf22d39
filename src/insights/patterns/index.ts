/** Patterns (issue 17): Drain template mining over a query and range, and the project patterns kept by a job. */
export { Drain, type DrainOptions, type DrainState, type DrainCluster } from './drain.js';
export { maskMessage, tokenize, WILDCARD } from './mask.js';
export { minePatterns, statusOf, SPARK_BUCKETS, RISING_RATIO } from './mine.js';
export { patternId } from './pattern-id.js';
export { DEFAULT_MAX_ROWS } from './sample-plan.js';
export type { PatternSummary, PatternRun, PatternStatus, MineOptions } from './types.js';
