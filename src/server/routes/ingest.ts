/** POST /api/logs/batch and POST /api/logs: thin routes over `ingest()`. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { assertActive, ingest } from '../../ingest/ingest.js';
import { rateLimitHeaders } from '../../ratelimit/limiter.js';
import { AppError } from '../../errors.js';
import type { Metrics } from '../metrics.js';
import { admitBody, type BodyBudget } from '../plugins/body-budget.js';
import { decompressBody } from '../plugins/decompress.js';
import { requireIngestKey } from '../plugins/auth.js';
import { OncePer } from '../request-log.js';
import { IngestBatchDoc, IngestResult, IngestSingleDoc } from '../schemas.js';
import type { Services } from '../services.js';

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

export async function ingestRoutes(app: FastifyInstance, opts: { services: Services; metrics: Metrics; bodyBudget: BodyBudget }) {
  const { services, metrics, bodyBudget } = opts;
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

  // Plain JSON.parse for log batches (this plugin's scope only): secure-json-parse's prototype-poisoning scan
  // was the largest item in the ingest CPU profile, and nothing on this path merges a body into another object
  // (entries are read field by field; a context is only spread or re-serialised, which defines "__proto__" as
  // an own key), so a "__proto__" key in a log is just data.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  const common = {
    // The schemas document the envelope (OpenAPI); entries are validated one by one in ingest(), so one bad
    // entry never sinks a batch and the hot path does not validate twice.
    validatorCompiler: () => () => true,
    bodyLimit: limits.bodyBytes,
    // Everything a request can be refused for from its headers is decided before a byte of its body is read
    // (a 47 KB gzip body is 10 MiB of JSON once read): key, project, rate limit, then the body budget.
    onRequest: [requireIngestKey(services), requireActive, rateLimit, admitBody(bodyBudget, limits.bodyBytes)],
    preParsing: decompressBody(limits.bodyBytes, bodyBudget),
    config: { ownBodyBudget: true },
  };
  const headers = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'replays the first answer for 24 h' })) });
  const response = { 200: IngestResult, 201: IngestResult };

  const handle = (single: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.headers['idempotency-key'];
    const idempotencyKey = typeof raw === 'string' && raw.length ? raw : null;
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1-255 visible ASCII characters.');
    }
    const started = process.hrtime.bigint();
    let result;
    try {
      result = await ingest(services.writer, limits, { project: request.project!, body: request.body, single, idempotencyKey }, services.quotas, services.config.errorGrouping);
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
    reply.code(result.status);
    return result.body;
  };

  app.post('/api/logs/batch', {
    ...common,
    schema: { tags: ['ingest'], summary: 'Send a batch of logs', body: IngestBatchDoc, headers, response },
  }, handle(false));
  app.post('/api/logs', {
    ...common,
    schema: { tags: ['ingest'], summary: 'Send one log', body: IngestSingleDoc, headers, response },
  }, handle(true));
}
