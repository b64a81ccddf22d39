/** /api/logs/projects: create (key shown once), list, get, update, regenerate key, deactivate. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { requireUser } from '../plugins/auth.js';
import { ProjectInput, ProjectPatchInput, ProjectView } from '../schemas.js';
import type { Services } from '../services.js';
import { projectView } from '../views.js';
import { parseSampling } from '../../quotas/sampling.js';
import type { ProjectQuotaSettings } from '../../store/quota-types.js';

/** A project's plan and sampling beside its fields (src/quotas keeps them in a table of their own). */
function withQuota<T extends { id: number }>(view: T, settings: Map<number, ProjectQuotaSettings>) {
  const s = settings.get(view.id);
  return { ...view, plan_id: s?.planId ?? null, sampling: s?.sampling ?? null };
}

const Params = Type.Object({ id: Type.String({ description: 'numeric id or slug' }) });
const WithKey = Type.Object({ project: ProjectView, api_key: Type.String({ description: 'shown once' }) });
const One = Type.Object({ project: ProjectView });

function input(body: Partial<Static<typeof ProjectPatchInput>>) {
  return {
    name: body.name,
    slug: body.slug,
    description: body.description,
    repositoryUrl: body.repository_url,
    rateLimitPerMinute: body.rate_limit_per_minute,
    active: body.active,
    retentionDays: body.retention_days,
    apdexThresholdMs: body.apdex_threshold_ms,
    aiExternalAllowed: body.ai_external_allowed,
  };
}

export async function projectRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { projects } = opts.services;
  const { plans } = opts.services.quotas;
  const auth = requireUser(opts.services);

  app.post('/api/logs/projects', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'Create a project; returns its ingest key once', body: ProjectInput, response: { 201: WithKey } },
  }, async (request, reply) => {
    const body = request.body as Static<typeof ProjectInput>;
    const { project, apiKey } = await projects.create(request.user!, { ...input(body), name: body.name });
    reply.code(201);
    return { project: projectView(project), api_key: apiKey };
  });

  app.get('/api/logs/projects', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'Projects you can see, with log count and last log time', response: { 200: Type.Object({ data: Type.Array(ProjectView) }) } },
  }, async (request) => {
    const list = (await projects.list(request.user!)).map(projectView);
    const settings = await plans.settings(list.map((p) => p.id));
    return { data: list.map((p) => withQuota(p, settings)) };
  });

  app.get('/api/logs/projects/:id', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'One project', params: Params, response: { 200: One } },
  }, async (request) => {
    const project = projectView(await projects.getWithStats(request.user!, (request.params as { id: string }).id));
    return { project: withQuota(project, await plans.settings([project.id])) };
  });

  app.patch('/api/logs/projects/:id', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'Change a project; active: true reactivates it', params: Params, body: ProjectPatchInput, response: { 200: One } },
  }, async (request) => {
    const body = request.body as Static<typeof ProjectPatchInput>;
    const id = (request.params as { id: string }).id;
    if (body.plan_id !== undefined || body.sampling !== undefined) {
      const sampling = body.sampling === undefined ? undefined : parseSampling(body.sampling);
      await plans.setForProject(request.user!, (await projects.get(request.user!, id)).id, { planId: body.plan_id, sampling });
    }
    const project = projectView(await projects.update(request.user!, id, input(body)));
    return { project: withQuota(project, await plans.settings([project.id])) };
  });

  app.put('/api/logs/projects/:id/regenerate-key', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'Replace the ingest key; the old one stops working at once', params: Params, response: { 200: WithKey } },
  }, async (request) => {
    const { project, apiKey } = await projects.regenerateKey(request.user!, (request.params as { id: string }).id);
    return { project: projectView(project), api_key: apiKey };
  });

  app.delete('/api/logs/projects/:id', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'Deactivate a project (its logs stay readable)', params: Params, response: { 200: One } },
  }, async (request) => ({ project: projectView(await projects.deactivate(request.user!, (request.params as { id: string }).id)) }));
}
