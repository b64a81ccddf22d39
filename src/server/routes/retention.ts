/** GET /api/logs/projects/:id/retention: the project's retention and what a run now would delete (dry run). */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { dayLabel } from '../../retention/retention.js';
import { requireUser } from '../plugins/auth.js';
import type { Services } from '../services.js';

const Params = Type.Object({ id: Type.String({ description: 'numeric id or slug' }) });
const Day = Type.String({ description: 'UTC day, YYYY-MM-DD' });
const RetentionView = Type.Object({
  retention_days: Type.Union([Type.Integer(), Type.Null()], { description: "the project's own setting; null: the server default" }),
  effective_days: Type.Integer({ description: 'days kept now: retention_days, else DEVSMITH_RETENTION_DAYS' }),
  first_kept_day: Day,
  oldest_log: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  would_delete: Type.Object({
    logs: Type.Integer(),
    days: Type.Array(Day),
    bytes_estimate: Type.Integer({ description: "storage of those logs, from the store's size per log" }),
  }),
});

export async function retentionRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { projects, retention } = opts.services;
  app.get('/api/logs/projects/:id/retention', {
    onRequest: requireUser(opts.services),
    schema: { tags: ['projects'], summary: 'Retention of a project, with a dry run of the next deletion', params: Params, response: { 200: RetentionView } },
  }, async (request) => {
    const project = await projects.get(request.user!, (request.params as { id: string }).id);
    const r = await retention.preview(project);
    return {
      retention_days: r.retentionDays,
      effective_days: r.effectiveDays,
      first_kept_day: dayLabel(r.firstKeptDay),
      oldest_log: r.preview.oldestLog === null ? null : new Date(r.preview.oldestLog).toISOString(),
      would_delete: { logs: r.preview.logs, days: r.preview.days.map(dayLabel), bytes_estimate: r.preview.bytesEstimate },
    };
  });
}
