/** POST /api/logs/batch and POST /api/logs: thin routes over the shared ingest pipeline. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { assertParseBounded, parseBatch } from '../../ingest/entry-count.js';
import { parseNdjson } from '../../ingest/ndjson.js';
import { IngestArrayDoc, IngestBatchDoc, IngestResult, IngestSingleDoc } from '../schemas.js';
import { idempotencyKeyOf, ingestRouteOptions, runIngest, type IngestPipelineOptions } from './ingest-pipeline.js';

export async function ingestRoutes(app: FastifyInstance, opts: IngestPipelineOptions) {
  // Plain JSON.parse for log batches (this plugin's scope only): secure-json-parse's prototype-poisoning scan
  // was the largest item in the ingest CPU profile, and nothing on this path merges a body into another object
  // (entries are read field by field; a context is only spread or re-serialised, which defines "__proto__" as
  // an own key), so a "__proto__" key in a log is just data.
  app.removeContentTypeParser('application/json');
  const max = opts.services.config.limits.entriesPerBatch;
  // Counted and bounded before it is parsed (a batch refused for its size must not cost its parse), and a large
  // one parsed in runs of entries, a turn of the event loop between two (entry-count.ts).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: FastifyRequest, body: string) => parseBatch(body, max));

  // NDJSON (Vector, Fluent Bit json_lines, jq -c): one entry per line, a bad line refused alone.
  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'], { parseAs: 'string' }, async (_request: FastifyRequest, body: string) => {
    assertParseBounded(body, max);
    return parseNdjson(body, max);
  });

  const common = ingestRouteOptions(opts);
  const headers = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'replays the first answer for 24 h' })) });
  const response = { 200: IngestResult, 201: IngestResult };

  const query = Type.Object({ service: Type.Optional(Type.String({ description: 'service of the entries that name none (bare array, NDJSON)' })) });

  const handle = (single: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const idempotencyKey = idempotencyKeyOf(request);
    const service = (request.query as { service?: unknown }).service;
    const defaultService = typeof service === 'string' ? service : null;
    const result = await runIngest(opts, request, reply, request.body, { single, idempotencyKey, defaultService });
    reply.code(result.status);
    return result.body;
  };

  app.post('/api/logs/batch', {
    ...common,
    schema: {
      tags: ['ingest'],
      summary: 'Send a batch of logs: our envelope, a bare JSON array of entries, or NDJSON (application/x-ndjson)',
      consumes: ['application/json', 'application/x-ndjson'],
      body: Type.Union([IngestBatchDoc, IngestArrayDoc]),
      querystring: query,
      headers,
      response,
    },
  }, handle(false));
  app.post('/api/logs', {
    ...common,
    schema: { tags: ['ingest'], summary: 'Send one log', body: IngestSingleDoc, headers, response },
  }, handle(true));
}
