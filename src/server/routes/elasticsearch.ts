/**
 * The Elasticsearch subset log shippers need (Fluent Bit `es`, Vector `elasticsearch`, Logstash, Filebeat):
 * the probes they make before sending, and `_bulk` over the ingest pipeline with per-item results. The
 * mapping and the answers live in src/protocols/elasticsearch; docs in docs/integrations/shippers.md.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import { assertParseBounded } from '../../ingest/entry-count.js';
import { bulkAnswer, itemErrorOf } from '../../protocols/elasticsearch/answer.js';
import { parseBulk, type ItemError } from '../../protocols/elasticsearch/bulk.js';
import { clusterHealth, license, PRODUCT_HEADER, rootInfo, xpackInfo } from '../../protocols/elasticsearch/cluster.js';
import { entryOfDocument } from '../../protocols/elasticsearch/to-entry.js';
import { everyRejection } from '../../protocols/rejections.js';
import { ingestKeyOf, requireIngestKey } from '../plugins/auth.js';
import { idempotencyKeyOf, ingestRouteOptions, runIngest, type IngestPipelineOptions } from './ingest-pipeline.js';

/** JSON, NDJSON and the vendor types of the 8.x clients' compatibility mode, all read as text: one document a line. */
const BULK_TYPES = /^application\/(json|x-ndjson|vnd\.elasticsearch\+(json|x-ndjson))\b/;
const Params = Type.Object({ index: Type.String({ description: 'default index (→ service) of the actions that name none' }) });
const BulkDoc = Type.String({ description: 'NDJSON: an action line ({"index": {"_index": "app"}} or {"create": {...}}) and its document, per log' });

export async function elasticsearchRoutes(app: FastifyInstance, opts: IngestPipelineOptions) {
  app.removeContentTypeParser('application/json');
  const max = opts.services.config.limits.entriesPerBatch;
  // Its lines are parsed in the handler; what they may cost to parse is bounded here, before (entry-count.ts).
  app.addContentTypeParser(BULK_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      assertParseBounded(body as string, max);
      done(null, body);
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Clients of 8.x refuse an answer without it (a 2xx one at least): every answer of these routes has it.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(PRODUCT_HEADER);
    return payload;
  });

  const checkKey = requireIngestKey(opts.services);
  /** The probes answer without a key, but a key that is sent is checked: a wrong one fails at start, not at the first bulk. */
  const keyIfSent = async (request: FastifyRequest) => {
    if (ingestKeyOf(request) !== null) await checkKey(request);
  };
  const probe = { onRequest: keyIfSent, schema: { tags: ['elasticsearch'] } };

  app.get('/', probe, async (request, reply) => {
    // The dashboard lives at "/" too: a browser asks for HTML, an Elasticsearch client for JSON.
    if (String(request.headers.accept ?? '').includes('text/html')) return reply.callNotFound();
    return rootInfo(request.hostname.split(':')[0] || 'devsmith');
  });
  app.get('/_cluster/health', probe, async () => clusterHealth());
  app.get('/_license', probe, async () => license());
  app.get('/_xpack', probe, async () => xpackInfo());
  // Logstash and Beats install templates and ILM policies unless told not to; neither means anything here
  // (logs are typed by our schema and kept by the project's retention): acknowledged and ignored.
  for (const url of ['/_index_template/:name', '/_template/:name', '/_ilm/policy/:name']) {
    app.put(url, probe, async () => ({ acknowledged: true }));
    app.get(url, probe, async (_request, reply: FastifyReply) => reply.code(404).send({ error: { type: 'resource_not_found_exception', reason: 'not kept: templates and policies are ignored' }, status: 404 }));
  }

  const bulk = ingestRouteOptions(opts);
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = Date.now();
    const text = typeof request.body === 'string' ? request.body : '';
    const items = await parseBulk(text, (request.params as { index?: string }).index ?? null);
    if (!items.length) throw new AppError('BAD_REQUEST', 'The bulk body is empty: send NDJSON action and document lines, each ending with a newline.');
    const errors = new Map<number, ItemError>();
    const logs: Array<Record<string, unknown>> = [];
    const itemOf: number[] = [];
    items.forEach((item, i) => {
      if (!item.doc) return;
      const mapped = entryOfDocument(item.doc, item.index);
      if ('refused' in mapped) errors.set(i, { status: 400, type: 'action_request_validation_exception', reason: mapped.refused });
      else {
        logs.push(mapped.entry);
        itemOf.push(i);
      }
    });
    if (logs.length) {
      // Every entry names its own service; the envelope's is only the required fallback.
      const envelope = { service_name: 'elasticsearch', logs };
      for (const r of await ingestAll(request, reply, envelope, items.every((i) => i.clientId) ? text : null)) {
        errors.set(itemOf[r.index]!, itemErrorOf(r.reason, r.code));
      }
    }
    return bulkAnswer(items, errors, started);
  };

  /** Stores the envelope; the refused entries. A body whose every action names its `_id` is stored once. */
  async function ingestAll(request: FastifyRequest, reply: FastifyReply, envelope: { service_name: string; logs: unknown[] }, dedupe: string | null): Promise<Array<{ index: number; reason: string; code?: string }>> {
    // Fluent Bit resends a whole chunk when any item failed; with Generate_ID On the resent body is the same
    // bytes, so its digest replays the first answer instead of storing the chunk twice.
    const idempotencyKey = idempotencyKeyOf(request) ?? (dedupe === null ? null : `es-bulk-${createHash('sha256').update(dedupe).digest('hex')}`);
    try {
      const result = await runIngest(opts, request, reply, envelope, { idempotencyKey });
      return result.replayed ? (result.body.rejected ?? []) : result.rejected;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NO_VALID_ENTRIES') return everyRejection(envelope, request.project!, opts.services.config.limits);
      throw err;
    }
  }

  const schema = { tags: ['ingest', 'elasticsearch'], summary: 'Elasticsearch bulk (Fluent Bit es, Vector, Logstash, Filebeat)', body: BulkDoc };
  for (const method of ['POST', 'PUT'] as const) {
    app.route({ method, url: '/_bulk', ...bulk, schema, handler: handle });
    app.route({ method, url: '/:index/_bulk', ...bulk, schema: { ...schema, params: Params }, handler: handle });
  }
}
