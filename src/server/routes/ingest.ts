/** POST /api/logs/batch and POST /api/logs: thin routes over the shared ingest pipeline. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { IngestBatchDoc, IngestResult, IngestSingleDoc } from '../schemas.js';
import { idempotencyKeyOf, ingestRouteOptions, runIngest, type IngestPipelineOptions } from './ingest-pipeline.js';

export async function ingestRoutes(app: FastifyInstance, opts: IngestPipelineOptions) {
  // Plain JSON.parse for log batches (this plugin's scope only): secure-json-parse's prototype-poisoning scan
  // was the largest item in the ingest CPU profile, and nothing on this path merges a body into another object
  // (entries are read field by field; a context is only spread or re-serialised, which defines "__proto__" as
  // an own key), so a "__proto__" key in a log is just data.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  const common = ingestRouteOptions(opts);
  const headers = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'replays the first answer for 24 h' })) });
  const response = { 200: IngestResult, 201: IngestResult };

  const handle = (single: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const idempotencyKey = idempotencyKeyOf(request);
    const result = await runIngest(opts, request, reply, request.body, { single, idempotencyKey });
    reply.code(result.status);
    return result.body;
  };

  app.post('/api/logs/batch', {
    ...common,
    schema: { tags: ['ingest'], summary: 'Send a batch of logs', body: IngestBatchDoc, headers, response },
  }, handle(false));
  app.post('/api/logs', {
    ...common,
    schema: { tags: ['ingest'], summary: 'Send one log', body: IngestSingleDoc, headers, response },
  }, handle(true));
}
