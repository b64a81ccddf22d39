/** /api/views: saved explorer views of the signed-in user (src/views). */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { SavedView } from '../../store/explore-types.js';
import { LIMITS, type SavedViewQueryInput } from '../../views/saved-views.js';
import { requireUser } from '../plugins/auth.js';
import { RowId } from '../schemas.js';
import type { Services } from '../services.js';

const Item = Type.String({ maxLength: LIMITS.item });
const List = Type.Array(Item, { maxItems: LIMITS.list });
const Time = Type.Union([Type.String({ maxLength: LIMITS.time }), Type.Null()], { description: 'ISO 8601, epoch ms, now or now-15m' });

const QueryInput = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: LIMITS.q })),
    project: Type.Optional(List),
    service: Type.Optional(List),
    level: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 })),
    from: Type.Optional(Time),
    to: Type.Optional(Time),
    columns: Type.Optional(List),
  },
  { additionalProperties: false },
);
const Name = Type.String({ minLength: 1, maxLength: LIMITS.name });

const ViewOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  query: Type.Object({
    q: Type.String(),
    project: Type.Array(Type.String()),
    service: Type.Array(Type.String()),
    level: Type.Array(Type.String()),
    from: Type.Union([Type.String(), Type.Null()]),
    to: Type.Union([Type.String(), Type.Null()]),
    columns: Type.Array(Type.String()),
  }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

function viewOut(v: SavedView) {
  return { id: v.id, name: v.name, query: v.query, created_at: new Date(v.createdAt).toISOString(), updated_at: new Date(v.updatedAt).toISOString() };
}

const Params = Type.Object({ id: RowId });
type Body = { name?: string; query?: SavedViewQueryInput };

export async function viewRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { savedViews } = opts.services;
  const auth = requireUser(opts.services);
  // A view is a few hundred bytes; 64 KiB leaves room for long queries and refuses anything else early.
  const bodyLimit = 64 * 1024;

  app.get('/api/views', {
    onRequest: auth,
    schema: { tags: ['views'], summary: 'Your saved views, by name', response: { 200: Type.Object({ data: Type.Array(ViewOut) }) } },
  }, async (request) => ({ data: (await savedViews.list(request.user!)).map(viewOut) }));

  app.post('/api/views', {
    onRequest: auth,
    bodyLimit,
    schema: {
      tags: ['views'],
      summary: 'Save a view',
      body: Type.Object({ name: Name, query: Type.Optional(QueryInput) }, { additionalProperties: false }),
      response: { 201: Type.Object({ view: ViewOut }) },
    },
  }, async (request, reply) => {
    const view = await savedViews.create(request.user!, request.body as Required<Pick<Body, 'name'>> & Body);
    reply.code(201);
    return { view: viewOut(view) };
  });

  app.get('/api/views/:id', {
    onRequest: auth,
    schema: { tags: ['views'], summary: 'One of your saved views', params: Params, response: { 200: Type.Object({ view: ViewOut }) } },
  }, async (request) => ({ view: viewOut(await savedViews.get(request.user!, (request.params as { id: number }).id)) }));

  app.patch('/api/views/:id', {
    onRequest: auth,
    bodyLimit,
    schema: {
      tags: ['views'],
      summary: 'Rename a view or replace its query',
      params: Params,
      body: Type.Object({ name: Type.Optional(Name), query: Type.Optional(QueryInput) }, { additionalProperties: false }),
      response: { 200: Type.Object({ view: ViewOut }) },
    },
  }, async (request) => ({ view: viewOut(await savedViews.update(request.user!, (request.params as { id: number }).id, request.body as Body)) }));

  app.delete('/api/views/:id', {
    onRequest: auth,
    schema: { tags: ['views'], summary: 'Delete a view', params: Params },
  }, async (request, reply) => {
    await savedViews.remove(request.user!, (request.params as { id: number }).id);
    reply.code(204).send();
  });
}
