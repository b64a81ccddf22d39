/**
 * One log line per request, at `debug`: at thousands of requests a second (ingest, health checks) Fastify's
 * two lines per request at `info` were a flood of their own. Server errors and slow requests are logged at
 * `warn`; failed sign-ins are logged by their route.
 */
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';

export const SLOW_REQUEST_MS = 1000;

/** Routes that stay open as long as the client watches: their duration says nothing about speed. */
const LONG_LIVED = new Set(['/api/logs/stream']);

export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime);
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms, ...(error && { err: error }) };
    // A request refused for load, slow or not (it may have waited for an inflate slot), is counted once a
    // minute instead (error-handler.ts).
    if (request.refusedForLoad) request.log.debug(line, 'request refused for load');
    else if (reply.statusCode >= 500 || error) request.log.warn(line, 'request failed');
    else if (ms > SLOW_REQUEST_MS && !LONG_LIVED.has(request.routeOptions.url ?? '')) request.log.warn(line, 'slow request');
    else request.log.debug(line, 'request');
  }

  /** Every request refused while shutting down would be a line at `info`. */
  override serviceUnavailable(logger: FastifyBaseLogger): void {
    logger.debug('request refused: shutting down');
  }
}

/** Lets a warning that would repeat on every request through once per interval, counting the rest. */
export class OncePer {
  private last = -Infinity;
  private held = 0;

  constructor(private readonly intervalMs: number) {}

  /** How many were held back since the last one let through; null: hold this one back too. */
  pass(now = Date.now()): number | null {
    if (now - this.last < this.intervalMs) {
      this.held++;
      return null;
    }
    const held = this.held;
    this.held = 0;
    this.last = now;
    return held;
  }
}
