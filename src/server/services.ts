/** Builds the domain services from a config and a store: everything the routes call. */
import { Archives } from '../archive/archives.js';
import { s3Bucket } from '../archive/s3-bucket.js';
import { Accounts } from '../auth/accounts.js';
import { IngestKeyCache } from '../auth/key-cache.js';
import { RedisKeyInvalidations } from '../auth/key-invalidation.js';
import { ErrorGroups } from '../error-groups/error-groups.js';
import { Perf } from '../perf/perf.js';
import { BatchWriter } from '../ingest/writer.js';
import { Projects } from '../projects/projects.js';
import { ExploreQueries } from '../query/facets.js';
import { LogQueries } from '../query/logs.js';
import { Retention } from '../retention/retention.js';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../ratelimit/limiter.js';
import { MemoryQuotaCounter, RedisQuotaCounter, type QuotaCounter } from '../quotas/counter.js';
import { QuotaGate, type GateOptions } from '../quotas/gate.js';
import { Plans } from '../quotas/plans.js';
import type { Store } from '../store/types.js';
import { SavedViews } from '../views/saved-views.js';
import type { Config } from '../config.js';
import { InsightsAi } from '../insights/ai/insights-ai.js';
import { AiProviders } from '../insights/ai/providers.js';

export interface Services {
  config: Config;
  store: Store;
  accounts: Accounts;
  projects: Projects;
  queries: LogQueries;
  explore: ExploreQueries;
  savedViews: SavedViews;
  errorGroups: ErrorGroups;
  /** Performance analytics over the request and operation aggregates (src/perf). */
  perf: Perf;
  keys: IngestKeyCache;
  writer: BatchWriter;
  limiter: RateLimiter;
  /** The retention job (run on a timer by the app) and its dry run. */
  retention: Retention;
  /** Plans, sampling and daily quotas (src/quotas). */
  quotas: QuotaGate;
  quotaCounter: QuotaCounter;
  /** Set when REDIS_URL is: key changes reach the other instances' caches at once. */
  keyInvalidations: RedisKeyInvalidations | null;
  /** Days archived to object storage and restored (src/archive); its `beforeDayDeleted` is retention's hook. */
  archives: Archives;
  /** AI answers over a project's logs (src/insights/ai); its providers are closed at shutdown. */
  insightsAi: InsightsAi;
}

export async function buildServices(config: Config, store: Store, gateOptions: GateOptions = {}, retentionClock?: () => number): Promise<Services> {
  const keys = new IngestKeyCache(store);
  const projects = new Projects(store, keys);
  let limiter: RateLimiter;
  let keyInvalidations: RedisKeyInvalidations | null = null;
  if (config.redisUrl) {
    const redis = new RedisRateLimiter(config.redisUrl);
    await redis.ready();
    limiter = redis;
    const invalidations = new RedisKeyInvalidations(config.redisUrl, (id) => keys.dropProject(id));
    await invalidations.ready();
    keys.broadcast = (id) => invalidations.publish(id);
    keyInvalidations = invalidations;
  } else {
    limiter = new MemoryRateLimiter();
  }
  const plans = new Plans(store, config.defaultPlan);
  await plans.defaultPlan(); // a DEVSMITH_DEFAULT_PLAN naming no plan stops the start
  let quotaCounter: QuotaCounter = new MemoryQuotaCounter();
  if (config.redisUrl) {
    const redisCounter = new RedisQuotaCounter(config.redisUrl);
    await redisCounter.ready();
    quotaCounter = redisCounter;
  }
  const queries = new LogQueries(store, projects);
  const archives = new Archives(store, projects, config.archive ? s3Bucket(config.archive) : null, config.archive, config.errorGrouping);
  return {
    config,
    store,
    accounts: new Accounts(store, config.sessionTtlHours * 3_600_000),
    projects,
    queries,
    explore: new ExploreQueries(store, queries, projects),
    savedViews: new SavedViews(store),
    errorGroups: new ErrorGroups(store, projects),
    perf: new Perf(store, projects),
    keys,
    writer: new BatchWriter(store, config.writeQueueMaxRows, store.kind === 'sqlite' ? 1 : 4),
    limiter,
    // With DEVSMITH_ARCHIVE_ON_EXPIRY a day is archived before it goes, and kept when that fails.
    retention: new Retention(store, { defaultDays: config.retentionDays, clock: retentionClock, beforeDelete: archives.beforeDayDeleted }),
    quotas: new QuotaGate(store, plans, quotaCounter, gateOptions),
    quotaCounter,
    keyInvalidations,
    archives,
    insightsAi: new InsightsAi(store, projects, AiProviders.fromConfig(config.ai)),
  };
}
