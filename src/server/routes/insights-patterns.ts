/** /api/insights/patterns and /api/insights/anomalies (issue 17): thin over src/insights. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PatternInsights } from '../../insights/insights.js';
import type { InsightQuery } from '../../insights/params.js';
import { AnomalyOut, anomalyView, PatternsOut, patternsView } from '../insight-views.js';
import { requireUser } from '../plugins/auth.js';
import type { Services } from '../services.js';

const Common = {
  project_id: Type.String({ minLength: 1, maxLength: 200, description: 'project id or slug' }),
  from: Type.Optional(Type.String({ description: 'ISO 8601, epoch ms or now-15m; default to - 1h' })),
  to: Type.Optional(Type.String({ description: 'default now' })),
  service: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
};
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }));

export async function insightPatternRoutes(app: FastifyInstance, opts: { services: Services; clock?: () => number; maxRows?: number }) {
  const insights = new PatternInsights(opts.services.store, opts.services.projects, opts.clock);
  const auth = requireUser(opts.services);
  const tags = ['insights'];

  app.get('/api/insights/patterns', {
    onRequest: auth,
    schema: {
      tags,
      summary: 'Log patterns (Drain templates) of a query and range, with new/rising/falling against the previous range',
      querystring: Type.Object({
        ...Common,
        q: Type.Optional(Type.String({ maxLength: 4000, description: 'search language (docs/search.md)' })),
        limit: Limit,
        baseline: Type.Optional(Type.Union([Type.Literal('previous'), Type.Literal('none')], { default: 'previous' })),
      }, { additionalProperties: false }),
      response: { 200: PatternsOut },
    },
  }, async (request) => patternsView(await insights.patterns(request.user!, request.query as InsightQuery & { limit?: number; baseline?: 'previous' | 'none' }, opts.maxRows)));

  app.get('/api/insights/patterns/project', {
    onRequest: auth,
    schema: {
      tags,
      summary: "The project's patterns, all time, as the background job keeps them (fast)",
      querystring: Type.Object({ project_id: Common.project_id, limit: Limit }, { additionalProperties: false }),
      response: { 200: PatternsOut },
    },
  }, async (request) => patternsView(await insights.projectPatterns(request.user!, request.query as { project_id: string; limit?: number })));

  app.get('/api/insights/anomalies', {
    onRequest: auth,
    schema: {
      tags,
      summary: 'Volume and error-rate anomalies per service against a seasonal or rolling baseline',
      querystring: Type.Object(Common, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(AnomalyOut), took_ms: Type.Integer() }) },
    },
  }, async (request) => {
    const r = await insights.anomalies(request.user!, request.query as InsightQuery);
    return { data: r.data.map(anomalyView), took_ms: r.tookMs };
  });
}
