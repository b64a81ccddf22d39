/**
 * What every ingest endpoint shares, whatever protocol it speaks (our JSON API, OTLP, Loki, Elasticsearch
 * bulk...): the checks made from the headers before a byte of the body is read (key, active project, rate
 * limit, body budget), decompression within the limits, and `runIngest`, which stores entries already mapped to
 * our entry shape and answers with per-entry results that each protocol turns into its own answer.
 */
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { assertActive, ingest, type IngestResponse } from '../../ingest/ingest.js';
import { rateLimitHeaders } from '../../ratelimit/limiter.js';
import { AppError } from '../../errors.js';
import type { Metrics } from '../metrics.js';
import { admitBody, type BodyBudget } from '../plugins/body-budget.js';
import { decompressBody } from '../plugins/decompress.js';
import { requireIngestKey } from '../plugins/auth.js';
import { OncePer } from '../request-log.js';
import type { Services } from '../services.js';

export interface IngestPipelineOptions {
  services: Services;
  metrics: Metrics;
  bodyBudget: BodyBudget;
}

/** While Redis is down every request would warn: once a minute per process says it. */
const limiterDown = new OncePer(60_000);
const WINDOW_MS = 60_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The daily quota's RateLimit fields go after the per-minute ones already set by the rate limit hook: the
 * draft lists several policies in one header, comma-separated.
 */
function withMinutePolicy(reply: FastifyReply, daily: Record<string, string>): void {
  for (const name of ['RateLimit-Policy', 'RateLimit']) {
    const minute = reply.getHeader(name);
    if (daily[name] && typeof minute === 'string') daily[name] = `${minute}, ${daily[name]}`;
  }
}

/**
 * Route options for an ingest endpoint: the hooks that refuse a request from its headers, then the
 * decompression. The route's own schema is added by the caller; entries are validated one by one in ingest(),
 * so one bad entry never sinks a batch.
 */
export function ingestRouteOptions({ services, metrics, bodyBudget }: IngestPipelineOptions): RouteShorthandOptions {
  const { limits } = services.config;

  /** A deactivated project is refused from its key alone, before its body is read. */
  function requireActive(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) {
    try {
      assertActive(request.project!);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  /** Per-key rate limit; fails open (with a warning) if Redis is unreachable: ingestion must not stop. */
  async function rateLimit(request: FastifyRequest, reply: FastifyReply) {
    const project = request.project!;
    // The project's own override, else its plan's, else the server's.
    const { plan } = await services.quotas.plans.policy(project.id);
    const limit = project.rateLimitPerMinute ?? plan.rateLimitPerMinute ?? services.config.rateLimitPerMinute;
    let verdict;
    try {
      verdict = await services.limiter.hit(`ingest:${project.id}`, limit, WINDOW_MS);
    } catch (err) {
      const held = limiterDown.pass();
      if (held !== null) request.log.warn({ err: (err as Error).message, held_back: held }, 'rate limiter unavailable; allowing requests (said once a minute)');
      return;
    }
    const headers = rateLimitHeaders(verdict, WINDOW_MS);
    if (!verdict.allowed) {
      metrics.rejected.inc({ reason: 'rate_limited' });
      throw new AppError('RATE_LIMITED', `Project "${project.slug}" may send ${limit} requests per minute; retry after the Retry-After delay.`, headers);
    }
    reply.headers(headers);
  }

  return {
    validatorCompiler: () => () => true,
    bodyLimit: limits.bodyBytes,
    // Everything a request can be refused for from its headers is decided before a byte of its body is read
    // (a 47 KB gzip body is 10 MiB of JSON once read): key, project, rate limit, then the body budget.
    onRequest: [requireIngestKey(services), requireActive, rateLimit, admitBody(bodyBudget, limits.bodyBytes)],
    preParsing: decompressBody(limits.bodyBytes, bodyBudget),
    config: { ownBodyBudget: true },
  };
}

/** The request's Idempotency-Key header, checked; null when absent. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  const key = typeof raw === 'string' && raw.length ? raw : null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1-255 visible ASCII characters.');
  }
  return key;
}

/**
 * Stores `body` (our envelope `{service_name?, logs: [...]}`, or one entry when `single`) for the request's
 * project: quotas, sampling, grouping, group commit, metrics and the quota/rate headers on the reply. The caller
 * sets the status and shapes the answer for its protocol from the returned per-entry results.
 */
export async function runIngest(
  { services, metrics }: IngestPipelineOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  opts: { single?: boolean; idempotencyKey?: string | null } = {},
): Promise<IngestResponse> {
  const started = process.hrtime.bigint();
  let result;
  try {
    result = await ingest(
      services.writer,
      services.config.limits,
      { project: request.project!, body, single: opts.single ?? false, idempotencyKey: opts.idempotencyKey ?? null },
      services.quotas,
      services.config.errorGrouping,
      services.config.perfAggregation,
    );
  } catch (err) {
    if (err instanceof AppError) {
      metrics.rejected.inc({ reason: err.code.toLowerCase() }, 1);
      if (err.code === 'QUOTA_EXCEEDED') withMinutePolicy(reply, err.headers);
    }
    throw err;
  }
  withMinutePolicy(reply, result.headers);
  reply.headers(result.headers);
  metrics.commitSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  else {
    metrics.ingested.inc(result.body.count);
    for (const r of result.rejected) metrics.rejected.inc({ reason: r.code });
  }
  return result;
}
