/**
 * The `_bulk` answer in Elasticsearch's shape: `{took, errors, items: [{<op>: {_index, _id, status, result |
 * error}}]}`, one item per action in request order. Logstash resends the items answered 429 or 5xx and sends
 * the 400s to its dead letter queue; Filebeat and Vector resend only 429s: so a refusal that a later resend
 * may cure (the daily quota) is a 429, and a refusal of the document itself a 400.
 */
import type { BulkItem, BulkOp, ItemError } from './bulk.js';

export interface BulkAnswerItem {
  _index: string;
  _id: string;
  status: number;
  result?: 'created';
  _version?: number;
  _seq_no?: number;
  _primary_term?: number;
  _shards?: { total: number; successful: number; failed: number };
  error?: { type: string; reason: string };
}

export interface BulkAnswer {
  took: number;
  errors: boolean;
  items: Array<Partial<Record<BulkOp, BulkAnswerItem>>>;
}

/**
 * An ingest refusal as an item error. `code` is the pipeline's; a replayed answer keeps only the reason, which
 * names the quota too.
 */
export function itemErrorOf(reason: string, code?: string): ItemError {
  if (code === 'quota_exceeded' || (code === undefined && reason.includes('QUOTA_EXCEEDED'))) return { status: 429, type: 'es_rejected_execution_exception', reason };
  return { status: 400, type: 'document_parsing_exception', reason };
}

/** `errors[i]` is the refusal of items[i], if any (from parsing, mapping or ingest). */
export function bulkAnswer(items: BulkItem[], errors: Map<number, ItemError>, startedMs: number): BulkAnswer {
  let failed = false;
  const out = items.map((item, i) => {
    const error = errors.get(i) ?? item.error;
    const base = { _index: item.index ?? '', _id: item.id };
    if (error) {
      failed = true;
      return { [item.op]: { ...base, status: error.status, error: { type: error.type, reason: error.reason } } };
    }
    const created: BulkAnswerItem = { ...base, _version: 1, result: 'created', _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: i, _primary_term: 1, status: 201 };
    return { [item.op]: created };
  });
  return { took: Math.max(0, Date.now() - startedMs), errors: failed, items: out };
}
