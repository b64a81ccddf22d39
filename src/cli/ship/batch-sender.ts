/**
 * Delivers one batch of a file until the server has it: retries network errors, 429 and 5xx with exponential
 * backoff and jitter (honouring Retry-After) for as long as it takes, because the file itself is the buffer:
 * while a batch waits, its file is not read further, so memory stays bounded and nothing is dropped. Stops
 * waiting when the agent stops (the checkpoint still names the batch, so the next start sends it again).
 */
import { logs } from '../http.js';
import type { OutgoingLog } from '../log-line.js';
import { postBatch, type BatchTarget } from '../post-batch.js';

export type Delivery = { kind: 'ok'; stored: number; replayed: boolean } | { kind: 'refused'; reason: string } | { kind: 'stopped' } | { kind: 'fatal'; reason: string };

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;
const NOTE_EVERY_MS = 30_000;

export class BatchSender {
  private outageSince: number | null = null;
  private lastNote = 0;

  constructor(
    private readonly target: BatchTarget,
    private readonly stopped: AbortSignal,
    private readonly report: (line: string) => void,
  ) {}

  async deliver(service: string, batch: OutgoingLog[], idempotencyKey: string, source: string): Promise<Delivery> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopped.aborted && attempt > 0) return { kind: 'stopped' };
      const outcome = await postBatch(this.target, service, batch, idempotencyKey);
      if (outcome.kind === 'ok') {
        if (this.outageSince !== null) this.report(`devsmith ship: ${this.target.url} reachable again; delivering`);
        this.outageSince = null;
        if (outcome.refused) this.report(`devsmith ship: ${source}: the server refused ${batch.length - outcome.stored} of ${logs(batch.length)} (${outcome.refused})`);
        return { kind: 'ok', stored: outcome.stored, replayed: outcome.replayed };
      }
      if (outcome.kind === 'drop') {
        if (outcome.stopAll) return { kind: 'fatal', reason: outcome.reason };
        return { kind: 'refused', reason: outcome.reason };
      }
      const fresh = this.outageSince === null;
      this.outageSince ??= Date.now();
      if (fresh || Date.now() - this.lastNote >= NOTE_EVERY_MS) {
        this.lastNote = Date.now();
        this.report(`devsmith ship: ${outcome.reason}; retrying (reading paused, nothing is dropped)`);
      }
      const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 10)) * (0.5 + Math.random() / 2);
      await sleep(Math.max(backoff, outcome.waitMs ?? 0), this.stopped);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
