/**
 * OTLP/HTTP logs (POST /v1/logs and /otlp/v1/logs), protobuf or JSON, over the shared ingest pipeline. Every
 * answer is in the request's encoding: ExportLogsServiceResponse (with partialSuccess when records were refused),
 * or google.rpc.Status for an error (OTLP spec, "OTLP/HTTP Response"), never problem+json.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import { assertParseBounded } from '../../ingest/entry-count.js';
import { grpcCodeOf, partialSuccessOf } from '../../protocols/otlp/answer.js';
import type { OtlpEncoding, PartialSuccess } from '../../protocols/otlp/codec.js';
import { toEnvelope } from '../../protocols/otlp/map.js';
import { toAppError, warnServerError } from '../plugins/error-handler.js';
import { ingestRouteOptions, runIngest, type IngestPipelineOptions } from './ingest-pipeline.js';

const PROTOBUF = 'application/x-protobuf';
// The codec (protobufjs) is loaded by the first OTLP request, not at start (cold start, issue 18).
const codec = () => import('../../protocols/otlp/codec.js');

function encodingOf(request: FastifyRequest): OtlpEncoding {
  return String(request.headers['content-type'] ?? '').toLowerCase().startsWith(PROTOBUF) ? 'protobuf' : 'json';
}

function send(reply: FastifyReply, encoding: OtlpEncoding, body: Buffer | Record<string, unknown>) {
  return reply.type(encoding === 'protobuf' ? PROTOBUF : 'application/json').send(body);
}

const OtlpJsonBody = Type.Object(
  { resourceLogs: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))) },
  { description: 'ExportLogsServiceRequest in OTLP/JSON, or in protobuf with Content-Type application/x-protobuf', additionalProperties: true },
);
const OtlpAnswer = Type.Object(
  {
    partialSuccess: Type.Optional(Type.Object({ rejectedLogRecords: Type.String(), errorMessage: Type.String() })),
  },
  { description: 'ExportLogsServiceResponse (protobuf when the request was protobuf)' },
);
const OtlpStatus = Type.Object({ code: Type.Integer(), message: Type.String() }, { description: 'google.rpc.Status' });

export async function otlpRoutes(app: FastifyInstance, opts: IngestPipelineOptions) {
  // This plugin's scope only: OTLP/JSON parsed as plain JSON (the reasoning of routes/ingest.ts), protobuf raw.
  app.removeContentTypeParser('application/json');
  const max = opts.services.config.limits.entriesPerBatch;
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      assertParseBounded(body as string, max); // before the parse, as on /api/logs/batch (entry-count.ts)
    } catch (err) {
      return done(err as Error, undefined);
    }
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(new AppError('INVALID_JSON', `The body is not JSON: ${(err as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser(PROTOBUF, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const known = toAppError(err);
    if (!known) request.log.error({ err }, 'unhandled error');
    else warnServerError(request, known);
    const status = known?.status ?? 500;
    const message = known ? `${known.detail} (${known.code}, request ${request.id})` : `Something went wrong on our side (request ${request.id}).`;
    reply.code(status).headers(known?.headers ?? {});
    // OTLP spec: 429 and 503 are retried, after Retry-After when the server gives one.
    if ((status === 429 || status === 503) && !reply.hasHeader('Retry-After')) reply.header('Retry-After', '1');
    return send(reply, encodingOf(request), (await codec()).encodeStatus(grpcCodeOf(status), message, encodingOf(request)));
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const encoding = encodingOf(request);
    const { checkJson, decodeProtobuf, encodeResponse } = await codec();
    const otlp = encoding === 'protobuf' ? decodeProtobuf(request.body as Buffer, max) : checkJson(request.body);
    const envelope = toEnvelope(otlp);
    let partial: PartialSuccess | null = null;
    // An export without records is valid in OTLP and answered as accepted.
    if (envelope.logs.length) {
      try {
        // OTLP has no idempotency key: a retried export is stored again (docs/integrations/shippers.md).
        const result = await runIngest(opts, request, reply, envelope);
        partial = partialSuccessOf(result.rejected, envelope.logs.length);
      } catch (err) {
        // Every record refused: still a partial success (0 accepted), so that the exporter drops, not retries.
        if (!(err instanceof AppError && err.code === 'NO_VALID_ENTRIES')) throw err;
        partial = { rejectedLogRecords: envelope.logs.length, errorMessage: `${err.detail} Do not resend them.` };
      }
    }
    reply.code(200);
    return send(reply, encoding, encodeResponse(partial, encoding));
  };

  const common = ingestRouteOptions(opts);
  for (const url of ['/v1/logs', '/otlp/v1/logs']) {
    app.post(url, {
      ...common,
      schema: {
        tags: ['ingest'],
        summary: url === '/v1/logs' ? 'OTLP/HTTP logs export (protobuf or JSON)' : 'OTLP/HTTP logs export, under an /otlp prefix',
        consumes: [PROTOBUF, 'application/json'],
        produces: [PROTOBUF, 'application/json'],
        body: OtlpJsonBody,
        response: { 200: OtlpAnswer, '4xx': OtlpStatus, '5xx': OtlpStatus },
      },
    }, handle);
  }
}
