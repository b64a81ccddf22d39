/**
 * GET /api/logs/storage: bytes of each visible project's logs, estimated (src/projects/storage.ts). Not under
 * /api/logs/projects/: there it would hide a project whose slug is "storage" from GET /api/logs/projects/:id.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { storageOverview } from '../../projects/storage.js';
import { requireUser } from '../plugins/auth.js';
import type { Services } from '../services.js';

const Bytes = (description: string) => Type.Integer({ minimum: 0, description });
const ProjectStorageView = Type.Object({
  project_id: Type.Integer(),
  logs: Type.Integer({ minimum: 0, description: 'stored logs, exact (per-minute counts)' }),
  bytes: Bytes('estimated: logs × bytes_per_log'),
  bytes_per_log: Type.Number({ minimum: 0, description: "estimated: the store's bytes per log; 0 without logs" }),
});
const StorageView = Type.Object({
  estimated: Type.Literal(true, { description: 'always: logs of all projects share tables, so bytes are shared by stored logs' }),
  measured_at: Type.String({ format: 'date-time', description: 'when the log tables were measured (reused for up to 60 s)' }),
  covers: Type.Array(Type.String(), { description: 'the objects measured: the logs table or day partitions, its indexes, the text index' }),
  bytes_per_log: Type.Number({ minimum: 0, description: 'estimated, every project of the server together' }),
  total: Type.Object({ logs: Type.Integer({ minimum: 0 }), bytes: Bytes('the projects listed, together') }),
  data: Type.Array(ProjectStorageView, { description: 'every project you can see: members their own, admins all' }),
});

export async function storageRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { projects, store } = opts.services;
  app.get('/api/logs/storage', {
    onRequest: requireUser(opts.services),
    schema: { tags: ['projects'], summary: "Bytes of each project's logs (estimated: shared by stored logs)", response: { 200: StorageView } },
  }, async (request) => {
    const o = await storageOverview(store, projects, request.user!);
    return {
      estimated: true as const,
      measured_at: new Date(o.measuredAt).toISOString(),
      covers: o.covers,
      bytes_per_log: o.bytesPerLog,
      total: o.total,
      data: o.projects.map((p) => ({ project_id: p.projectId, logs: p.logs, bytes: p.bytes, bytes_per_log: p.bytesPerLog })),
    };
  });
}
