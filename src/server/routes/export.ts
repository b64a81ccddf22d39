/** GET /api/logs/export: the list's filters as a streamed NDJSON or CSV download. */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { failureNotice, LogExports, type ExportFormat, type PreparedExport } from '../../query/export.js';
import type { QueryString } from '../../query/params.js';
import { requireUser } from '../plugins/auth.js';
import { LogFilterQuery } from '../schemas.js';
import type { Services } from '../services.js';

const ExportQuery = Type.Object(
  {
    ...LogFilterQuery.properties,
    format: Type.Optional(Type.Union([Type.Literal('ndjson'), Type.Literal('csv')], { default: 'ndjson' })),
    columns: Type.Optional(Type.String({ maxLength: 8000, description: 'CSV only: comma-separated columns' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'at most this many logs, the newest' })),
  },
  { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) },
);

/** Resolves once the response can take more, or once it is gone. */
function drained(res: ServerResponse, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      stop.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    stop.addEventListener('abort', done, { once: true });
  });
}

/** Writes chunk after chunk, each only once the previous one is taken; returns early when `stop` fires. */
async function writeAll(exp: PreparedExport, res: ServerResponse, stop: AbortSignal): Promise<void> {
  for await (const chunk of exp.chunks) {
    if (stop.aborted) return; // leaving the loop closes the generator: no further page is read
    if (!res.write(chunk)) await drained(res, stop);
    if (stop.aborted) return;
  }
}

export async function exportRoutes(app: FastifyInstance, opts: { services: Services; shutdown: AbortSignal; pageSize?: number }) {
  const exports = new LogExports(opts.services.store, opts.services.queries, opts.pageSize);

  app.get('/api/logs/export', {
    preHandler: requireUser(opts.services),
    schema: {
      tags: ['query'],
      summary:
        'Every matching log, newest first, streamed as NDJSON or CSV (attachment); `X-Total-Count` is the number ' +
        'expected; a failure after the first byte ends NDJSON with an `{"error": ...}` line and aborts the connection',
      querystring: ExportQuery,
      produces: ['application/x-ndjson', 'text/csv'],
    },
  }, async (request, reply) => {
    const qs = request.query as QueryString & { format?: ExportFormat; columns?: string; limit?: number };
    const format = qs.format ?? 'ndjson';
    const exp = await exports.prepare(request.user!, qs, { format, columns: qs.columns, limit: qs.limit });

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders), // X-Request-Id and the security headers of onRequest
      'Content-Type': exp.contentType,
      'Content-Disposition': `attachment; filename="${exp.filename}"`,
      'X-Total-Count': String(exp.total),
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no', // nginx: pass the stream through as it comes
    });
    const stop = new AbortController();
    const halt = () => stop.abort();
    res.once('close', halt); // the client went away (or the response ended)
    opts.shutdown.addEventListener('abort', halt, { once: true });
    try {
      await writeAll(exp, res, stop.signal);
      if (stop.signal.aborted && !res.writableEnded) res.destroy(); // shutting down: the client sees a cut body
      else res.end();
    } catch (err) {
      request.log.error({ err }, 'export failed after it began');
      const notice = failureNotice(format, err, String(request.id));
      // Without the final chunk, every HTTP client reports the body as incomplete.
      if (notice && !res.destroyed) res.write(notice, () => res.destroy());
      else res.destroy();
    } finally {
      opts.shutdown.removeEventListener('abort', halt);
    }
  });
}
