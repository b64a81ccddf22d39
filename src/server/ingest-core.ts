/**
 * The protocol-independent half of ingestion, shared by the HTTP endpoints (routes/ingest-pipeline.ts) and the
 * listeners that speak no HTTP (the syslog receiver): the project's per-minute rate limit and `ingest()` with
 * its metrics. Neither knows where the logs came from.
 */
import { ingest, type IngestResponse } from '../ingest/ingest.js';
import { rateLimitHeaders } from '../ratelimit/limiter.js';
import { AppError } from '../errors.js';
import type { Project } from '../store/types.js';
import type { Metrics } from './metrics.js';
import { OncePer } from './request-log.js';
import type { Services } from './services.js';

/** While Redis is down every request would warn: once a minute per process says it. */
const limiterDown = new OncePer(60_000);
export const RATE_WINDOW_MS = 60_000;

export interface Warns {
  warn(obj: object, msg: string): void;
}

/**
 * Counts one request against the project's per-minute limit (its own override, else its plan's, else the
 * server's) and returns the RateLimit headers; throws RATE_LIMITED past it. Fails open, with a warning once a
 * minute, when the limiter (Redis) is unreachable: ingestion must not stop.
 */
export async function checkProjectRate(services: Services, metrics: Metrics, project: Project, log: Warns): Promise<Record<string, string>> {
  const { plan } = await services.quotas.plans.policy(project.id);
  const limit = project.rateLimitPerMinute ?? plan.rateLimitPerMinute ?? services.config.rateLimitPerMinute;
  let verdict;
  try {
    verdict = await services.limiter.hit(`ingest:${project.id}`, limit, RATE_WINDOW_MS);
  } catch (err) {
    const held = limiterDown.pass();
    if (held !== null) log.warn({ err: (err as Error).message, held_back: held }, 'rate limiter unavailable; allowing requests (said once a minute)');
    return {};
  }
  const headers = rateLimitHeaders(verdict, RATE_WINDOW_MS);
  if (!verdict.allowed) {
    metrics.rejected.inc({ reason: 'rate_limited' });
    throw new AppError('RATE_LIMITED', `Project "${project.slug}" may send ${limit} requests per minute; retry after the Retry-After delay.`, headers);
  }
  return headers;
}

/**
 * `ingest()` for one project with the metrics every protocol reports: committed and refused entries, commit
 * time. An AppError (quota, overload...) is counted, then rethrown for the caller to answer in its own shape.
 */
export async function ingestForProject(
  services: Services,
  metrics: Metrics,
  project: Project,
  body: unknown,
  opts: { single?: boolean; idempotencyKey?: string | null; defaultService?: string | null } = {},
): Promise<IngestResponse> {
  const started = process.hrtime.bigint();
  let result;
  try {
    result = await ingest(
      services.writer,
      services.config.limits,
      { project, body, single: opts.single ?? false, idempotencyKey: opts.idempotencyKey ?? null, defaultService: opts.defaultService ?? null },
      services.quotas,
      services.config.errorGrouping,
      services.config.perfAggregation,
    );
  } catch (err) {
    if (err instanceof AppError) metrics.rejected.inc({ reason: err.code.toLowerCase() }, 1);
    throw err;
  }
  metrics.commitSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  if (!result.replayed) {
    metrics.ingested.inc(result.body.count);
    for (const r of result.rejected) metrics.rejected.inc({ reason: r.code });
  }
  return result;
}
