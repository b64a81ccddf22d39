/** /api/alerts rules, preview and events (alerts-api.md); channels are in routes/alert-channels.ts. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { RuleInput } from '../../alerts/rule-input.js';
import { requireUser } from '../plugins/auth.js';
import { AlertId, EventOut, EventsQuery, MuteBody, PreviewOut, RuleInputBody, RuleOut, RulePatchBody } from '../alert-schemas.js';
import { eventView, previewView, ruleView } from '../alert-views.js';
import type { Services } from '../services.js';

const Params = Type.Object({ id: AlertId });
type Id = { id: string };

export async function alertRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { alertRules } = opts.services;
  const auth = requireUser(opts.services);
  const tags = ['alerts'];

  app.get('/api/alerts/rules', {
    onRequest: auth,
    schema: {
      tags,
      summary: 'Alert rules of the projects you may see, each with its current state',
      querystring: Type.Object({ project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'project id or slug' })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(RuleOut) }) },
    },
  }, async (request) => {
    const { project_id } = request.query as { project_id?: string };
    return { data: (await alertRules.list(request.user!, project_id)).map(ruleView) };
  });

  app.post('/api/alerts/rules', {
    onRequest: auth,
    schema: { tags, summary: 'Create a rule', body: RuleInputBody, response: { 201: RuleOut } },
  }, async (request, reply) => {
    reply.code(201);
    return ruleView(await alertRules.create(request.user!, request.body as RuleInput));
  });

  app.get('/api/alerts/rules/:id', {
    onRequest: auth,
    schema: { tags, summary: 'One rule with its state', params: Params, response: { 200: RuleOut } },
  }, async (request) => ruleView(await alertRules.get(request.user!, (request.params as Id).id)));

  app.patch('/api/alerts/rules/:id', {
    onRequest: auth,
    schema: { tags, summary: 'Change a rule (a new condition starts its state afresh)', params: Params, body: RulePatchBody, response: { 200: RuleOut } },
  }, async (request) => ruleView(await alertRules.update(request.user!, (request.params as Id).id, request.body as Partial<RuleInput> & { enabled?: boolean })));

  app.delete('/api/alerts/rules/:id', {
    onRequest: auth,
    schema: { tags, summary: 'Delete a rule (its events stay in the history)', params: Params, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await alertRules.remove(request.user!, (request.params as Id).id);
    reply.code(204);
    return null;
  });

  app.post('/api/alerts/rules/:id/mute', {
    onRequest: auth,
    schema: { tags, summary: 'Mute notifications until a time, or for some minutes (states are still tracked)', params: Params, body: MuteBody, response: { 200: RuleOut } },
  }, async (request) => {
    const b = request.body as { until?: string; minutes?: number };
    const until = b.until !== undefined ? Date.parse(b.until) : Date.now() + b.minutes! * 60_000;
    return ruleView(await alertRules.mute(request.user!, (request.params as Id).id, until));
  });

  app.delete('/api/alerts/rules/:id/mute', {
    onRequest: auth,
    schema: { tags, summary: 'Unmute', params: Params, response: { 200: RuleOut } },
  }, async (request) => ruleView(await alertRules.mute(request.user!, (request.params as Id).id, null)));

  app.post('/api/alerts/preview', {
    onRequest: auth,
    schema: { tags, summary: 'Evaluate a rule over the last 24 h at its interval, as if it had existed; writes nothing', body: RuleInputBody, response: { 200: PreviewOut } },
  }, async (request) => previewView(await alertRules.preview(request.user!, request.body as RuleInput)));

  app.get('/api/alerts/events', {
    onRequest: auth,
    schema: {
      tags,
      summary: 'Alert history, newest first, with the deliveries of each event',
      querystring: EventsQuery,
      response: { 200: Type.Object({ data: Type.Array(EventOut), next_cursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => {
    const q = request.query as { project_id?: string; rule_id?: string; limit?: number; cursor?: string };
    const page = await alertRules.events(request.user!, { project: q.project_id, ruleId: q.rule_id, limit: q.limit ?? 50, cursor: q.cursor });
    return { data: page.data.map(eventView), next_cursor: page.nextCursor };
  });
}
