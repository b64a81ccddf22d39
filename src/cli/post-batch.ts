/**
 * One POST of a batch to /api/logs/batch and what the caller should do with the answer: shared by the
 * Shipper (`send`, `run`) and the file agent (`ship`), which differ only in what they do between attempts.
 */
import { answerText, cannotReach, retryAfterMs } from './http.js';
import type { OutgoingLog } from './log-line.js';

export interface BatchTarget {
  url: string;
  key: string;
  requestTimeoutMs?: number;
}

export type PostOutcome =
  | { kind: 'ok'; stored: number; refused: string | null; replayed: boolean }
  | { kind: 'retry'; reason: string; waitMs: number | null }
  | { kind: 'drop'; reason: string; stopAll: boolean };

export async function postBatch(target: BatchTarget, service: string, batch: OutgoingLog[], idempotencyKey: string): Promise<PostOutcome> {
  let res: Response;
  try {
    res = await fetch(`${target.url}/api/logs/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.key}`, 'idempotency-key': idempotencyKey },
      body: JSON.stringify({ service_name: service, logs: batch }),
      signal: AbortSignal.timeout(target.requestTimeoutMs ?? 15_000),
    });
  } catch (err) {
    return { kind: 'retry', reason: cannotReach(target.url, err), waitMs: null };
  }
  if (res.ok) {
    const body = (await res.json().catch(() => ({}))) as { count?: number; rejected?: Array<{ index: number; reason: string }> };
    const first = body.rejected?.[0];
    const refused = first ? `entry ${first.index}: ${first.reason}` : null;
    return { kind: 'ok', stored: body.count ?? batch.length, refused, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }
  const reason = `${target.url} answered ${await answerText(res)}`;
  if (res.status === 429 || res.status >= 500) return { kind: 'retry', reason, waitMs: retryAfterMs(res.headers.get('retry-after')) };
  // A wrong key, a deactivated project or a URL that is not DevSmith: every later batch would fail the same way.
  return { kind: 'drop', reason, stopAll: res.status === 401 || res.status === 403 || res.status === 404 };
}
