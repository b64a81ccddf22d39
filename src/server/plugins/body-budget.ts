/**
 * One budget for the memory of request bodies in flight across all requests. A request takes its share
 * before its body is read (Content-Length) and as it is inflated, and gives it back when its response
 * closes, whatever the outcome (answered, failed, aborted). Past the budget a request is refused at once with
 * 503 and Retry-After: no queue builds up behind it.
 */
import type { FastifyReply, FastifyRequest, onRequestHookHandler, onRouteHookHandler, preParsingHookHandler } from 'fastify';
import { AppError } from '../../errors.js';
import { InflateGate } from './inflate-gate.js';

/**
 * What one byte of JSON text costs while its request is in flight: the raw chunks, their concatenation and
 * the decoded string all live during JSON.parse, the parsed objects take 2.3x the text for log batches
 * (measured on 10 MiB of realistic entries: 22.7 MiB), and the normalised rows another copy after it.
 */
export const TEXT_BYTE_COST = 6;

export class BodyBudget {
  private used = 0;
  /**
   * `inflate`: how many compressed bodies inflate at once (inflate-gate.ts); the CPU side of the same budget.
   * The default is effectively no gate (tests that build a budget alone).
   */
  constructor(
    readonly limit: number,
    readonly inflate = new InflateGate(Number.MAX_SAFE_INTEGER, 0),
  ) {}

  /** Bytes held by the requests in flight. */
  get inFlight(): number {
    return this.used;
  }

  /**
   * Takes `bytes` for a request that already holds `held`. Refused past the limit, except for a request
   * alone in flight: a body as large as the body limit then always gets through, one at a time.
   */
  take(bytes: number, held: number): boolean {
    if (this.used + bytes > this.limit && this.used !== held) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route charges its body to the budget itself (ingest: as it inflates). */
    ownBodyBudget?: boolean;
  }
  interface FastifyRequest {
    /** Bytes of the body budget this request holds; -1 once its response has closed and released them. */
    bodyBytesHeld: number;
  }
}

const RETRY = { 'Retry-After': '1' };

/** Adds `bytes` to what `request` holds; false when the budget refuses (or the response has already closed). */
export function holdBodyBytes(budget: BodyBudget, request: FastifyRequest, reply: FastifyReply, bytes: number): boolean {
  const held = request.bodyBytesHeld;
  if (held < 0 || !budget.take(bytes, held)) return false;
  if (held === 0) {
    // 'close' is emitted once the response is sent or the connection is gone, so an abort releases too.
    reply.raw.once('close', () => {
      budget.give(request.bodyBytesHeld);
      request.bodyBytesHeld = -1;
    });
  }
  request.bodyBytesHeld = held + bytes;
  return true;
}

export function overloaded(): AppError {
  return new AppError('OVERLOADED', 'Too many request bodies are in flight on this server; retry after the Retry-After delay.', RETRY);
}

/**
 * onRequest hook, after authentication: refuses a declared body over `bodyLimit` (413) or past the budget
 * (503) before a byte of it is read. An identity body is charged in full here, at `TEXT_BYTE_COST` per byte;
 * a compressed one for its compressed bytes, the rest as it inflates (see decompress.ts).
 */
export function admitBody(budget: BodyBudget, bodyLimit: number): onRequestHookHandler {
  // Callback style: no promise per request on the ingest path.
  return (request, reply, done) => {
    const declared = request.headers['content-length'];
    // Chunked (no length): charged while read. Empty or malformed: Fastify answers it without reading much.
    const length = declared === undefined ? 0 : Number(declared);
    if (!(length > 0)) return done();
    if (length > bodyLimit) return done(new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${bodyLimit} bytes.`));
    const cost = isIdentity(request) ? length * TEXT_BYTE_COST : length;
    done(holdBodyBytes(budget, request, reply, cost) ? undefined : overloaded());
  };
}

export function isIdentity(request: FastifyRequest): boolean {
  const encoding = request.headers['content-encoding'];
  return encoding === undefined || encoding === '' || encoding.trim().toLowerCase() === 'identity';
}

/**
 * onRoute hook: every route that takes a body and does not meter it itself (`config.ownBodyBudget`) charges
 * its declared length (its body limit when none is declared) before the body is read: a preParsing hook,
 * so after the route's onRequest authentication. Routes without a body pay nothing per request.
 */
export function budgetRouteBodies(budget: BodyBudget, serverBodyLimit: number): onRouteHookHandler {
  return (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.config?.ownBodyBudget || !methods.some((m) => BODY_METHODS.has(m))) return;
    const own = route.preParsing ? (Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing]) : [];
    route.preParsing = [chargeDeclaredBody(budget, route.bodyLimit ?? serverBodyLimit), ...own];
  };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function chargeDeclaredBody(budget: BodyBudget, bodyLimit: number): preParsingHookHandler {
  return (request, reply, payload, done) => {
    const declared = request.headers['content-length'];
    if (declared === undefined && request.headers['transfer-encoding'] === undefined) {
      done(null, payload);
      return;
    }
    const length = Math.min(Number(declared ?? bodyLimit) || 0, bodyLimit);
    if (length > 0 && !holdBodyBytes(budget, request, reply, length * TEXT_BYTE_COST)) done(overloaded());
    else done(null, payload);
  };
}
