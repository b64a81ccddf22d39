/** Aggregate reads for the explorer: facets, services across projects, context fields for autocomplete. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { QueryString } from '../../query/params.js';
import { requireUser } from '../plugins/auth.js';
import { LogFilterQuery } from '../schemas.js';
import type { Services } from '../services.js';

const Extra = { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) };
const Count = Type.Integer({ minimum: 0 });

const FacetsQuery = Type.Object(
  {
    ...LogFilterQuery.properties,
    field: Type.Optional(Type.String({ maxLength: 300, description: 'host, env, version, trace_id, span_id or ctx.<path>' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  },
  Extra,
);

const FacetsView = Type.Object({
  total: Count,
  levels: Type.Record(Type.String(), Count),
  services: Type.Array(Type.Object({ service: Type.String(), project_id: Type.Integer(), project_slug: Type.String(), count: Count })),
  field: Type.Union([
    Type.Object({
      name: Type.String(),
      values: Type.Array(Type.Object({ value: Type.String(), count: Count })),
      missing: Count,
      other: Count,
      scanned: Count,
      sampled: Type.Boolean(),
    }),
    Type.Null(),
  ]),
});

const ServiceView = Type.Object({
  service: Type.String(),
  project_id: Type.Integer(),
  project_slug: Type.String(),
  count: Count,
  last_seen_at: Type.Union([Type.String(), Type.Null()]),
});

export async function exploreRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { explore } = opts.services;
  const auth = requireUser(opts.services);

  app.get('/api/logs/facets', {
    preHandler: auth,
    schema: { tags: ['query'], summary: 'Level, service and top-value counts of the matching logs', querystring: FacetsQuery, response: { 200: FacetsView } },
  }, async (request) => {
    const qs = request.query as QueryString & { field?: string; limit?: number };
    const f = await explore.facets(request.user!, qs, qs.field, Number(qs.limit ?? 10));
    return {
      total: f.total,
      levels: f.levels,
      services: f.services.map((s) => ({ service: s.service, project_id: s.projectId, project_slug: s.projectSlug, count: s.count })),
      field: f.field,
    };
  });

  app.get('/api/logs/services', {
    preHandler: auth,
    schema: {
      tags: ['query'],
      summary: 'Services of one or several projects with counts and last seen',
      querystring: Type.Object({ project: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])) }),
      response: { 200: Type.Object({ data: Type.Array(ServiceView) }) },
    },
  }, async (request) => {
    const list = await explore.services(request.user!, request.query as QueryString);
    return {
      data: list.map((s) => ({
        service: s.service,
        project_id: s.projectId,
        project_slug: s.projectSlug,
        count: s.count,
        last_seen_at: s.lastSeenAt === null ? null : new Date(s.lastSeenAt).toISOString(),
      })),
    };
  });

  app.get('/api/logs/fields', {
    preHandler: auth,
    schema: {
      tags: ['query'],
      summary: 'Context paths seen in the newest matching logs, with their JSON types',
      querystring: Type.Object({ ...LogFilterQuery.properties, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) }, Extra),
      response: {
        200: Type.Object({
          data: Type.Array(Type.Object({ path: Type.String(), count: Count, types: Type.Record(Type.String(), Count) })),
          scanned: Count,
        }),
      },
    },
  }, async (request) => {
    const qs = request.query as QueryString & { limit?: number };
    return explore.fields(request.user!, qs, Number(qs.limit ?? 200));
  });
}
