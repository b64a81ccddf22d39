/**
 * The Elasticsearch `_bulk` body: NDJSON pairs of an action line and a document line. `index` and `create`
 * carry a document we store; `update` carries one we cannot apply and `delete` none: both are answered per
 * item, as Elasticsearch answers an item it refuses. A malformed action line makes the rest of the body
 * unreadable (which line is a document?), so it refuses the whole request, as Elasticsearch does.
 */
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../../errors.js';
import { RUN_CHARS, SLICED_FROM } from '../../ingest/entry-count.js';

export type BulkOp = 'index' | 'create' | 'update' | 'delete';

export interface ItemError {
  status: number;
  type: string;
  reason: string;
}

export interface BulkItem {
  op: BulkOp;
  /** The target index: the action's `_index`, else the one in the URL; null when neither names one. */
  index: string | null;
  id: string;
  /** True when the client chose the id (every action with one: the body can be deduplicated on a resend). */
  clientId: boolean;
  doc?: Record<string, unknown>;
  error?: ItemError;
}

const OPS = new Set<string>(['index', 'create', 'update', 'delete']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An id in Elasticsearch's shape (20 URL-safe base64 characters). */
function generatedId(): string {
  return randomBytes(15).toString('base64url');
}

function actionOf(line: string, lineNo: number): { op: BulkOp; meta: Record<string, unknown> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new AppError('BAD_REQUEST', `Line ${lineNo} of the bulk body is not a JSON action ({"index": {...}} or {"create": {...}}).`);
  }
  const keys = isObject(parsed) ? Object.keys(parsed) : [];
  if (keys.length !== 1 || !OPS.has(keys[0]!)) {
    throw new AppError('BAD_REQUEST', `Line ${lineNo} of the bulk body is not an action: expected one of index, create, update or delete as its only key.`);
  }
  const op = keys[0] as BulkOp;
  const meta = (parsed as Record<string, unknown>)[op];
  if (meta !== undefined && meta !== null && !isObject(meta)) throw new AppError('BAD_REQUEST', `Line ${lineNo}: the "${op}" action's metadata must be an object.`);
  return { op, meta: (meta ?? {}) as Record<string, unknown> };
}

function documentOf(line: string | undefined): { doc?: Record<string, unknown>; error?: ItemError } {
  if (line === undefined) return { error: { status: 400, type: 'action_request_validation_exception', reason: 'the action has no document line after it' } };
  try {
    const doc: unknown = JSON.parse(line);
    if (isObject(doc)) return { doc };
  } catch (err) {
    return { error: { status: 400, type: 'document_parsing_exception', reason: `the document is not JSON: ${(err as Error).message}` } };
  }
  return { error: { status: 400, type: 'document_parsing_exception', reason: 'the document must be a JSON object' } };
}

/**
 * Reads a bulk body into items, in order. `urlIndex` is the `<index>` of `POST /<index>/_bulk`. A body over
 * 1 MiB is read with a turn of the event loop after every 256 KiB of lines, as a JSON batch is (entry-count.ts).
 * @example await parseBulk('{"index":{"_index":"app"}}\n{"message":"hi"}\n', null)
 */
export async function parseBulk(body: string, urlIndex: string | null): Promise<BulkItem[]> {
  const lines = body.split('\n');
  const items: BulkItem[] = [];
  let sinceTurn = body.length > SLICED_FROM ? 0 : -Infinity;
  for (let i = 0; i < lines.length; i++) {
    if (sinceTurn > RUN_CHARS) (sinceTurn = 0), await nextTurn();
    const line = lines[i]!.trim();
    sinceTurn += line.length;
    if (!line) continue;
    const { op, meta } = actionOf(line, i + 1);
    const index = typeof meta._index === 'string' && meta._index ? meta._index : urlIndex;
    const clientId = typeof meta._id === 'string' || typeof meta._id === 'number';
    const id = clientId ? String(meta._id) : generatedId();
    const item: BulkItem = { op, index, id, clientId };
    if (op === 'delete') {
      item.error = { status: 400, type: 'illegal_argument_exception', reason: 'delete is not supported: logs are never deleted one by one (retention deletes them)' };
    } else {
      // Blank lines before the document are skipped: read as an empty document, one stray blank line would
      // turn every later document into an action and refuse the whole body.
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trim()) j++;
      const read = documentOf(j < lines.length ? lines[j] : undefined);
      sinceTurn += j < lines.length ? lines[j]!.length : 0;
      i = j;
      if (op === 'update') item.error = { status: 400, type: 'illegal_argument_exception', reason: 'update is not supported: logs are immutable; send the document with "index" or "create"' };
      else if (read.error) item.error = read.error;
      else item.doc = read.doc;
    }
    items.push(item);
  }
  return items;
}
