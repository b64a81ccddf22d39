/** POST /loki/api/v1/push: Grafana Loki's push API (JSON, gzip JSON, Snappy protobuf) over the ingest pipeline. */
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingHookHandler, RequestPayload } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import { assertParseBounded } from '../../ingest/entry-count.js';
import { refusalsOf, refusalText } from '../../protocols/loki/answer.js';
import { streamsFromJson } from '../../protocols/loki/streams.js';
import { lokiEntries, UNKNOWN_SERVICE } from '../../protocols/loki/to-entries.js';
import { everyRejection } from '../../protocols/rejections.js';
import { idempotencyKeyOf, ingestRouteOptions, runIngest, type IngestPipelineOptions } from './ingest-pipeline.js';

// protobufjs and snappyjs are loaded by the first protobuf push, not at start (cold start, issue 18).
const protobufCodec = () => import('../../protocols/loki/protobuf.js');

const LokiPushDoc = Type.Object({
  streams: Type.Array(Type.Object({
    stream: Type.Record(Type.String(), Type.String(), { description: 'labels: service_name/service/app/job → service, level/detected_level → level, others → context' }),
    values: Type.Array(Type.Array(Type.Any(), { description: '["<epoch ns>", "<line>", {structured metadata}?]' })),
  })),
}, { description: 'JSON push; application/x-protobuf (logproto.PushRequest, Snappy block format) is accepted too' });

/** Loki's answer to a push with refused lines: 400 and a plain-text reason (see protocols/loki/answer.ts). */
function sendRefusals(reply: FastifyReply, text: string) {
  return reply.code(400).type('text/plain; charset=utf-8').send(text);
}

/**
 * Vector's `loki` sink labels its Snappy protobuf `Content-Encoding: snappy`; Promtail sends none. Snappy is
 * part of the protobuf push's framing either way (Loki's own push parser treats the header so), decoded with
 * the body, so the header is dropped before the shared decompression, which knows only gzip and deflate.
 */
async function snappyFraming(request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload) {
  const encoding = String(request.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'snappy' && String(request.headers['content-type']).startsWith('application/x-protobuf')) delete request.headers['content-encoding'];
  return payload;
}

export async function lokiRoutes(app: FastifyInstance, opts: IngestPipelineOptions) {
  // Plain JSON.parse, as on /api/logs/batch (see routes/ingest.ts): a "__proto__" label or metadata key is data,
  // and the mapping only ever defines keys (never assigns or merges into an existing object).
  app.removeContentTypeParser('application/json');
  const max = opts.services.config.limits.entriesPerBatch;
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      assertParseBounded(body as string, max); // before the parse, as on /api/logs/batch (entry-count.ts)
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const { limits } = opts.services.config;

  const common = ingestRouteOptions(opts);
  app.post('/loki/api/v1/push', {
    ...common,
    preParsing: [snappyFraming, common.preParsing as preParsingHookHandler],
    schema: {
      tags: ['ingest'],
      summary: 'Loki push (Promtail, Alloy, Fluent Bit loki, Vector loki)',
      body: LokiPushDoc,
      // 400 text/plain when lines were refused (the others are stored); problem+json when the request was.
      response: { 204: Type.Null({ description: 'every line stored' }) },
    },
  }, async (request, reply) => {
    const protobuf = String(request.headers['content-type']).startsWith('application/x-protobuf');
    const streams = protobuf ? (await protobufCodec()).streamsFromProtobuf(request.body as Buffer, limits.bodyBytes, limits.entriesPerBatch) : streamsFromJson(request.body);
    const batch = lokiEntries(streams);
    if (batch.total === 0) return reply.code(204).send();
    if (batch.logs.length === 0) return sendRefusals(reply, refusalText(batch.refused, 0, batch.total));
    // Every entry names its own service; the envelope's is only the required fallback (a label too long to be a
    // service must refuse its own lines, not the push).
    const envelope = { service_name: UNKNOWN_SERVICE, logs: batch.logs };
    let result;
    try {
      result = await runIngest(opts, request, reply, envelope, { idempotencyKey: idempotencyKeyOf(request) });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'NO_VALID_ENTRIES')) throw err;
      return sendRefusals(reply, refusalText(refusalsOf(batch, everyRejection(envelope, request.project!, limits)), 0, batch.total));
    }
    const refusals = refusalsOf(batch, result.body.rejected ?? []);
    if (!refusals.length) return reply.code(204).send();
    return sendRefusals(reply, refusalText(refusals, result.body.count, batch.total));
  });
}
