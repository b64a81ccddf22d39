/**
 * What every ingest endpoint shares, whatever protocol it speaks (our JSON API, OTLP, Loki, Elasticsearch
 * bulk...): the checks made from the headers before a byte of the body is read (key, active project, rate
 * limit, body budget), decompression within the limits, and `runIngest`, which stores entries already mapped to
 * our entry shape and answers with per-entry results that each protocol turns into its own answer.
 */
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { assertActive, type IngestResponse } from '../../ingest/ingest.js';
import { AppError } from '../../errors.js';
import type { Metrics } from '../metrics.js';
import { admitBody, type BodyBudget } from '../plugins/body-budget.js';
import { decompressBody } from '../plugins/decompress.js';
import type { Turns } from '../plugins/turns.js';
import { requireIngestKey } from '../plugins/auth.js';
import { checkProjectRate, ingestForProject } from '../ingest-core.js';
import type { Services } from '../services.js';

export interface IngestPipelineOptions {
  services: Services;
  metrics: Metrics;
  bodyBudget: BodyBudget;
  /** Ingest requests start one per turn of the event loop (turns.ts). */
  turns: Turns;
}

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
export function ingestRouteOptions({ services, metrics, bodyBudget, turns }: IngestPipelineOptions): RouteShorthandOptions {
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

  /** Per-key rate limit (checkProjectRate): its RateLimit headers go on the answer. */
  async function rateLimit(request: FastifyRequest, reply: FastifyReply) {
    reply.headers(await checkProjectRate(services, metrics, request.project!, request.log));
  }

  return {
    validatorCompiler: () => () => true,
    bodyLimit: limits.bodyBytes,
    // Everything a request can be refused for from its headers is decided before a byte of its body is read
    // (a 47 KB gzip body is 10 MiB of JSON once read): key, project, rate limit, then the body budget; each
    // request in a turn of the event loop of its own (turns.ts).
    onRequest: [turns.hook, requireIngestKey(services), requireActive, rateLimit, admitBody(bodyBudget, limits.bodyBytes)],
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
 * Stores `body` (our envelope `{service_name?, logs: [...]}`, a bare array of entries, or one entry when `single`) for the request's
 * project: quotas, sampling, grouping, group commit, metrics and the quota/rate headers on the reply. The caller
 * sets the status and shapes the answer for its protocol from the returned per-entry results.
 */
export async function runIngest(
  { services, metrics }: IngestPipelineOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  opts: { single?: boolean; idempotencyKey?: string | null; defaultService?: string | null } = {},
): Promise<IngestResponse> {
  let result;
  try {
    result = await ingestForProject(services, metrics, request.project!, body, opts);
  } catch (err) {
    if (err instanceof AppError && err.code === 'QUOTA_EXCEEDED') withMinutePolicy(reply, err.headers);
    throw err;
  }
  withMinutePolicy(reply, result.headers);
  reply.headers(result.headers);
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  return result;
}
