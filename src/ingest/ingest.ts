/** One ingest request end to end: envelope, entries, idempotency, group commit, response. */
import type { Project } from '../store/types.js';
import { AppError } from '../errors.js';
import { normalizeEntries, parseEnvelope, type Limits, type Rejection } from './normalize.js';
import type { BatchWriter } from './writer.js';

export interface IngestResponse {
  status: 200 | 201;
  body: { count: number; message: string; rejected?: Array<{ index: number; reason: string }> };
  rejected: Rejection[];
  /** True when this answer replays a request already committed under the same Idempotency-Key. */
  replayed: boolean;
}

export interface IngestRequest {
  project: Project;
  body: unknown;
  single: boolean;
  idempotencyKey: string | null;
}

/** A deactivated project's key sends nothing (the route asks this before it reads a body). */
export function assertActive(project: Project): void {
  if (!project.active) throw new AppError('PROJECT_INACTIVE', `Project "${project.slug}" is deactivated: reactivate it to send logs.`);
}

/** `grouping`: error grouping at ingest (DEVSMITH_ERROR_GROUPING). */
export async function ingest(writer: BatchWriter, limits: Limits, req: IngestRequest, grouping = true): Promise<IngestResponse> {
  assertActive(req.project);
  const envelope = parseEnvelope(req.body, req.project, limits, req.single);
  const { rows, rejected, total } = normalizeEntries(envelope, req.project, limits, Date.now(), grouping);
  if (rows.length === 0) {
    const first = rejected[0];
    throw new AppError('NO_VALID_ENTRIES', `No valid entry in the request${first ? `; entry ${first.index}: ${first.reason}` : ''}.`);
  }
  const status = rejected.length ? 200 : 201;
  const body: IngestResponse['body'] = rejected.length
    ? {
        count: rows.length,
        rejected: rejected.map(({ index, reason }) => ({ index, reason })),
        message: `Stored ${rows.length} of ${total} logs; ${rejected.length} refused (see rejected). Do not retry this request.`,
      }
    : { count: rows.length, message: `Stored ${rows.length} log${rows.length === 1 ? '' : 's'}.` };
  const idempotency = req.idempotencyKey
    ? { projectId: req.project.id, key: req.idempotencyKey, record: { status, body: JSON.stringify(body) } }
    : undefined;
  const result = await writer.write({ rows, idempotency });
  if (result.status === 'duplicate') {
    return { status: result.record.status as 200 | 201, body: JSON.parse(result.record.body), rejected: [], replayed: true };
  }
  return { status, body, rejected, replayed: false };
}
