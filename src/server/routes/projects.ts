/** /api/logs/projects: create (key shown once), list, get, update, regenerate key, deactivate. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { requireUser } from '../plugins/auth.js';
import { ProjectInput, ProjectPatchInput, ProjectView } from '../schemas.js';
import type { Services } from '../services.js';
import { projectView } from '../views.js';

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
  };
}

export async function projectRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { projects } = opts.services;
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
  }, async (request) => ({ data: (await projects.list(request.user!)).map(projectView) }));

  app.get('/api/logs/projects/:id', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'One project', params: Params, response: { 200: One } },
  }, async (request) => ({ project: projectView(await projects.getWithStats(request.user!, (request.params as { id: string }).id)) }));

  app.patch('/api/logs/projects/:id', {
    onRequest: auth,
    schema: { tags: ['projects'], summary: 'Change a project; active: true reactivates it', params: Params, body: ProjectPatchInput, response: { 200: One } },
  }, async (request) => {
    const body = request.body as Static<typeof ProjectPatchInput>;
    return { project: projectView(await projects.update(request.user!, (request.params as { id: string }).id, input(body))) };
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
