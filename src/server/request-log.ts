/**
 * One log line per request, at `debug`: at thousands of requests a second (ingest, health checks) the server's
 * own log would otherwise be a flood. Server errors and slow requests are logged at `warn`.
 */
import type { FastifyInstance } from 'fastify';

export const SLOW_REQUEST_MS = 1000;

/** Routes that stay open as long as the client watches: their duration says nothing about speed. */
const LONG_LIVED = new Set(['/api/logs/stream']);

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime);
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms };
    if (reply.statusCode >= 500) request.log.warn(line, 'request failed');
    else if (ms > SLOW_REQUEST_MS && !LONG_LIVED.has(request.routeOptions.url ?? '')) request.log.warn(line, 'slow request');
    else request.log.debug(line, 'request');
  });
}
