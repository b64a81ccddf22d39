/** The query API: list, count, histogram, context. Live tail is in stream.ts; facets and services in explore.ts. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { QueryString } from '../../query/params.js';
import { requireUser } from '../plugins/auth.js';
import { LogFilterQuery, LogView } from '../schemas.js';
import type { Services } from '../services.js';
import { logView } from '../views.js';

const ListQuery = Type.Object(
  {
    ...LogFilterQuery.properties,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) },
);

export async function queryRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { queries } = opts.services;
  const auth = requireUser(opts.services);

  app.get('/api/logs', {
    preHandler: auth,
    schema: {
      tags: ['query'],
      summary: 'Logs newest first, filtered, with cursor pagination',
      querystring: ListQuery,
      response: { 200: Type.Object({ data: Type.Array(LogView), next_cursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => {
    const qs = request.query as QueryString & { limit?: number; cursor?: string };
    const page = await queries.list(request.user!, qs, Number(qs.limit ?? 100), qs.cursor);
    return { data: page.data.map(logView), next_cursor: page.next_cursor };
  });

  app.get('/api/logs/count', {
    preHandler: auth,
    schema: { tags: ['query'], summary: 'How many logs match', querystring: LogFilterQuery, response: { 200: Type.Object({ count: Type.Integer() }) } },
  }, async (request) => ({ count: await queries.count(request.user!, request.query as QueryString) }));

  app.get('/api/logs/histogram', {
    preHandler: auth,
    schema: {
      tags: ['query'],
      summary: 'Counts per time bucket and level',
      querystring: Type.Object({ ...LogFilterQuery.properties, interval: Type.Optional(Type.String()) }, { additionalProperties: true }),
      response: {
        200: Type.Object({
          interval_ms: Type.Integer(),
          from: Type.String(),
          to: Type.String(),
          buckets: Type.Array(Type.Object({ ts: Type.String(), total: Type.Integer(), counts: Type.Record(Type.String(), Type.Integer()) })),
        }),
      },
    },
  }, async (request) => {
    const qs = request.query as QueryString;
    const h = await queries.histogram(request.user!, qs, typeof qs.interval === 'string' ? qs.interval : undefined);
    return {
      interval_ms: h.intervalMs,
      from: new Date(h.from).toISOString(),
      to: new Date(h.to).toISOString(),
      buckets: h.buckets.map((b) => ({
        ts: new Date(b.ts).toISOString(),
        total: Object.values(b.counts).reduce((a, n) => a + (n ?? 0), 0),
        counts: b.counts,
      })),
    };
  });

  app.get('/api/logs/:id/context', {
    preHandler: auth,
    schema: {
      tags: ['query'],
      summary: 'One log with the lines around it from the same service',
      params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,19}$' }) }),
      querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, default: 20 })), after: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, default: 20 })) }),
      response: { 200: Type.Object({ log: LogView, before: Type.Array(LogView), after: Type.Array(LogView) }) },
    },
  }, async (request) => {
    const { before = 20, after = 20 } = request.query as { before?: number; after?: number };
    const r = await queries.context(request.user!, (request.params as { id: string }).id, before, after);
    return { log: logView(r.log), before: r.before.map(logView), after: r.after.map(logView) };
  });
}
