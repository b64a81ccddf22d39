/** /api/logs/projects/:id/archives: archive days to object storage, list them, restore one (src/archive). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ArchiveRecord } from '../../store/archive-types.js';
import { requireUser } from '../plugins/auth.js';
import type { Services } from '../services.js';

const Day = Type.String({ maxLength: 10, description: 'UTC day, YYYY-MM-DD' });
const Params = Type.Object({ id: Type.String({ description: 'numeric id or slug' }) });
const DayParams = Type.Object({ id: Type.String({ description: 'numeric id or slug' }), day: Day });
const RequestBody = Type.Object(
  { day: Type.Optional(Day), from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false, description: 'one day, or from and to (both included)' },
);
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Int = Type.Union([Type.Integer(), Type.Null()]);

const ArchiveView = Type.Object({
  day: Type.String(),
  status: Type.String({ description: 'pending, running, archived or failed' }),
  object_key: Type.String(),
  log_count: Int,
  bytes: Int,
  sha256: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  requested_at: Type.String({ format: 'date-time' }),
  archived_at: Time,
  restored_at: Time,
  restored_count: Int,
});
const List = Type.Object({ data: Type.Array(ArchiveView), configured: Type.Boolean() });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function archiveView(a: ArchiveRecord) {
  return {
    day: a.day,
    status: a.status,
    object_key: a.objectKey,
    log_count: a.logCount,
    bytes: a.bytes,
    sha256: a.sha256,
    error: a.error,
    requested_at: new Date(a.requestedAt).toISOString(),
    archived_at: iso(a.archivedAt),
    restored_at: iso(a.restoredAt),
    restored_count: a.restoredCount,
  };
}

export async function archiveRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { archives, config } = opts.services;
  const auth = requireUser(opts.services);

  app.post('/api/logs/projects/:id/archives', {
    onRequest: auth,
    bodyLimit: 4096,
    schema: {
      tags: ['archives'],
      summary: 'Archive past UTC days of the project to object storage (in the background; see GET for progress)',
      params: Params,
      body: RequestBody,
      response: { 202: List },
    },
  }, async (request, reply) => {
    const { id } = request.params as Static<typeof Params>;
    const records = await archives.request(request.user!, id, request.body as Static<typeof RequestBody>);
    reply.code(202);
    return { data: records.map(archiveView), configured: true };
  });

  app.get('/api/logs/projects/:id/archives', {
    onRequest: auth,
    schema: { tags: ['archives'], summary: 'Archived days of the project, newest first, with their status', params: Params, response: { 200: List } },
  }, async (request) => {
    const { id } = request.params as Static<typeof Params>;
    return { data: (await archives.list(request.user!, id)).map(archiveView), configured: config.archive !== null };
  });

  app.post('/api/logs/projects/:id/archives/:day/restore', {
    onRequest: auth,
    schema: {
      tags: ['archives'],
      summary: 'Put an archived day back into the store; logs still there are kept, never doubled (safe to repeat)',
      params: DayParams,
      response: { 200: Type.Object({ day: Type.String(), count: Type.Integer(), restored: Type.Integer(), already_present: Type.Integer() }) },
    },
  }, async (request) => {
    const { id, day } = request.params as Static<typeof DayParams>;
    const r = await archives.restore(request.user!, id, day);
    return { day: r.day, count: r.count, restored: r.restored, already_present: r.alreadyPresent };
  });
}
