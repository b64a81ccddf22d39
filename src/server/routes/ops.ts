/** /healthz, /readyz, /metrics and the generated OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Metrics } from '../metrics.js';
import type { Services } from '../services.js';

export async function opsRoutes(app: FastifyInstance, opts: { services: Services; metrics: Metrics; isShuttingDown: () => boolean }) {
  const { services, metrics } = opts;
  const Status = Type.Object({ status: Type.String(), store: Type.Optional(Type.String()) });

  app.get('/healthz', { schema: { tags: ['ops'], summary: 'The process is alive', response: { 200: Status } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['ops'], summary: 'The store is reachable', response: { 200: Status, 503: Status } } }, async (_request, reply) => {
    if (opts.isShuttingDown()) return reply.code(503).send({ status: 'shutting down', store: services.store.kind });
    try {
      await services.store.ping();
      return { status: 'ready', store: services.store.kind };
    } catch {
      return reply.code(503).send({ status: 'store unreachable', store: services.store.kind });
    }
  });

  app.get('/metrics', { schema: { tags: ['ops'], summary: 'Prometheus metrics', produces: ['text/plain'] } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/api/openapi.json', { schema: { tags: ['ops'], summary: 'This OpenAPI document', hide: true } }, async () => app.swagger());
}
