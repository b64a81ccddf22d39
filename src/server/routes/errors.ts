/** /api/errors: error groups of the projects the user may see (src/error-groups). */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { QueryString } from '../../query/params.js';
import { requireUser } from '../plugins/auth.js';
import { ErrorBulkBody, ErrorEventsQuery, ErrorGroupDetailOut, ErrorGroupOut, ErrorListQuery, ErrorMergeBody, ErrorPatchBody, GroupId } from '../error-schemas.js';
import { errorGroupDetailView, errorGroupView } from '../error-views.js';
import { LogView } from '../schemas.js';
import type { Services } from '../services.js';
import { logView } from '../views.js';
import type { ErrorStatus } from '../../store/errors-types.js';

const Params = Type.Object({ id: GroupId });
type Id = { id: string };
type Ignore = { ignore_until?: string | null; ignore_count?: number | null };
const ms = (iso: string | null | undefined) => (iso === undefined ? undefined : iso === null ? null : Date.parse(iso));
const ignore = (b: Ignore) => ({ ignoreUntil: ms(b.ignore_until), ignoreCount: b.ignore_count });

export async function errorRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { errorGroups } = opts.services;
  const auth = requireUser(opts.services);
  const tags = ['errors'];

  app.get('/api/errors', {
    onRequest: auth,
    schema: {
      tags,
      summary: 'Error groups, filtered and sorted, with cursor pagination',
      querystring: ErrorListQuery,
      response: { 200: Type.Object({ data: Type.Array(ErrorGroupOut), next_cursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => {
    const page = await errorGroups.list(request.user!, request.query as QueryString);
    return { data: page.data.map(errorGroupView), next_cursor: page.nextCursor };
  });

  app.get('/api/errors/:id', {
    onRequest: auth,
    schema: { tags, summary: 'One error group with its latest and first event, frames, tags and breadcrumbs', params: Params, response: { 200: ErrorGroupDetailOut } },
  }, async (request) => errorGroupDetailView(await errorGroups.get(request.user!, (request.params as Id).id)));

  app.get('/api/errors/:id/events', {
    onRequest: auth,
    schema: {
      tags,
      summary: "The group's events, newest first",
      params: Params,
      querystring: ErrorEventsQuery,
      response: { 200: Type.Object({ data: Type.Array(LogView), next_cursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => {
    const { limit = 50, cursor } = request.query as { limit?: number; cursor?: string };
    const page = await errorGroups.events(request.user!, (request.params as Id).id, limit, cursor);
    return { data: page.data.map(logView), next_cursor: page.nextCursor };
  });

  app.patch('/api/errors/:id', {
    onRequest: auth,
    schema: { tags, summary: 'Change status, assignee or note', params: Params, body: ErrorPatchBody, response: { 200: ErrorGroupOut } },
  }, async (request) => {
    const b = request.body as Ignore & { status?: ErrorStatus; assignee_id?: number | null; note?: string };
    const g = await errorGroups.update(request.user!, (request.params as Id).id, { status: b.status, assigneeId: b.assignee_id, note: b.note, ...ignore(b) });
    return errorGroupView(g);
  });

  app.post('/api/errors/bulk', {
    onRequest: auth,
    schema: { tags, summary: 'Change the status of several groups', body: ErrorBulkBody, response: { 200: Type.Object({ updated: Type.Integer() }) } },
  }, async (request) => {
    const b = request.body as Ignore & { ids: string[]; status: ErrorStatus };
    return { updated: await errorGroups.bulk(request.user!, b.ids, { status: b.status, ...ignore(b) }) };
  });

  app.post('/api/errors/:id/merge', {
    onRequest: auth,
    schema: { tags, summary: 'Merge groups of the same project into this one', params: Params, body: ErrorMergeBody, response: { 200: ErrorGroupOut } },
  }, async (request) => {
    const g = await errorGroups.merge(request.user!, (request.params as Id).id, (request.body as { source_ids: string[] }).source_ids);
    return errorGroupView(g);
  });
}
