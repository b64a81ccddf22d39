/** One ingest request end to end: envelope, entries, sampling and quota, idempotency, group commit, response. */
import type { LogRow, Project } from '../store/types.js';
import { AppError } from '../errors.js';
import { quotaHeaders, type Admission, type QuotaGate } from '../quotas/gate.js';
import { normalizeEntriesInSlices, parseEnvelope, type Limits, type Rejection } from './normalize.js';
import type { BatchWriter } from './writer.js';

export interface IngestResponse {
  status: 200 | 201;
  body: {
    count: number;
    message: string;
    rejected?: Array<{ index: number; reason: string }>;
    /** Valid logs dropped by the project's sampling (not an error: never resend them). */
    sampled_out?: number;
  };
  rejected: Rejection[];
  /** True when this answer replays a request already committed under the same Idempotency-Key. */
  replayed: boolean;
  /** The daily quota's RateLimit headers, when the project's plan has a quota. */
  headers: Record<string, string>;
}

export interface IngestRequest {
  project: Project;
  body: unknown;
  single: boolean;
  idempotencyKey: string | null;
  /** The service of entries that name none, when the body does not either (`?service=`). */
  defaultService?: string | null;
}

/** A deactivated project's key sends nothing (the route asks this before it reads a body). */
export function assertActive(project: Project): void {
  if (!project.active) throw new AppError('PROJECT_INACTIVE', `Project "${project.slug}" is deactivated: reactivate it to send logs.`);
}

/** Request indexes of the rows refused over quota: the rows are the valid entries, in request order. */
function quotaRejections(rows: LogRow[], refused: LogRow[], rejected: Rejection[], total: number): Rejection[] {
  const invalid = new Set(rejected.map((r) => r.index));
  const refusedSet = new Set(refused);
  const out: Rejection[] = [];
  const reason = 'over the daily quota of the project\'s plan (QUOTA_EXCEEDED): resend after midnight UTC';
  for (let index = 0, j = 0; index < total && j < rows.length; index++) {
    if (invalid.has(index)) continue;
    if (refusedSet.has(rows[j++]!)) out.push({ index, code: 'quota_exceeded', reason });
  }
  return out;
}

function responseBody(admission: Admission, rejected: Rejection[], total: number): IngestResponse['body'] {
  const stored = admission.rows.length;
  const sampled = admission.sampledOut ? { sampled_out: admission.sampledOut } : {};
  const sampledNote = admission.sampledOut ? ` (${admission.sampledOut} sampled out)` : '';
  if (!rejected.length) return { count: stored, message: `Stored ${stored} log${stored === 1 ? '' : 's'}${sampledNote}.`, ...sampled };
  return {
    count: stored,
    rejected: rejected.map(({ index, reason }) => ({ index, reason })),
    message: `Stored ${stored} of ${total} logs${sampledNote}; ${rejected.length} refused (see rejected). Do not retry this request.`,
    ...sampled,
  };
}

/** `grouping`: error grouping at ingest (DEVSMITH_ERROR_GROUPING); `perf`: performance aggregates (DEVSMITH_PERF_AGGREGATION). */
export async function ingest(
  writer: BatchWriter, limits: Limits, req: IngestRequest, gate: QuotaGate, grouping = true, perf = true,
): Promise<IngestResponse> {
  assertActive(req.project);
  const envelope = parseEnvelope(req.body, req.project, limits, req.single, req.defaultService ?? null);
  const { rows, rejected: invalid, total } = await normalizeEntriesInSlices(envelope, req.project, limits, Date.now(), grouping, perf);
  if (rows.length === 0) {
    const first = invalid[0];
    throw new AppError('NO_VALID_ENTRIES', `No valid entry in the request${first ? `; entry ${first.index}: ${first.reason}` : ''}.`);
  }
  const admission = await gate.admit(req.project, rows);
  if (admission.rows.length === 0 && admission.refused.length > 0) return gate.refuseWhole(req.project, admission);
  const rejected = admission.refused.length
    ? [...invalid, ...quotaRejections(rows, admission.refused, invalid, total)].sort((a, b) => a.index - b.index)
    : invalid;
  const status = rejected.length ? 200 : 201;
  const body = responseBody(admission, rejected, total);
  const headers = admission.quota ? quotaHeaders(admission.quota, admission.refused.length > 0) : {};
  const idempotency = req.idempotencyKey
    ? { projectId: req.project.id, key: req.idempotencyKey, record: { status, body: JSON.stringify(body) } }
    : undefined;
  let result;
  try {
    result = await writer.write({ rows: admission.rows, idempotency, usage: admission.usage });
  } catch (err) {
    await admission.release().catch(() => {});
    throw err;
  }
  if (result.status === 'duplicate') {
    await admission.release().catch(() => {});
    return { status: result.record.status as 200 | 201, body: JSON.parse(result.record.body), rejected: [], replayed: true, headers: {} };
  }
  return { status, body, rejected, replayed: false, headers };
}
