/**
 * Group commit: the batches of concurrent requests wait here while the store commits the previous group,
 * then go to the store together in one transaction. Each request is acknowledged only after its group
 * commits. The queue is bounded by rows: beyond it, requests are refused (503) instead of growing memory.
 */
import { AppError } from '../errors.js';
import { StoreUnavailableError, type Store, type WriteBatch, type WriteResult } from '../store/types.js';

interface Waiting {
  batch: WriteBatch;
  resolve: (r: WriteResult) => void;
  reject: (e: Error) => void;
}

export interface WriterStats {
  queuedRows: number;
  inFlight: number;
  commits: number;
  committedRows: number;
}

export class BatchWriter {
  private queue: Waiting[] = [];
  private queuedRows = 0;
  private inFlight = 0;
  private commits = 0;
  private committedRows = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly store: Store,
    private readonly maxQueuedRows: number,
    /** Concurrent commits: 1 for SQLite (one writer), a few for PostgreSQL. */
    private readonly concurrency: number,
    private readonly maxGroupRows = 20_000,
  ) {}

  /** Queues the batch; resolves once it is committed (or found to be a duplicate). */
  write(batch: WriteBatch): Promise<WriteResult> {
    if (this.queuedRows + batch.rows.length > this.maxQueuedRows && this.queue.length > 0) {
      return Promise.reject(new AppError('OVERLOADED', 'The write queue is full; retry shortly.', { 'Retry-After': '1' }));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.queuedRows += batch.rows.length;
      this.pump();
    });
  }

  stats(): WriterStats {
    return { queuedRows: this.queuedRows, inFlight: this.inFlight, commits: this.commits, committedRows: this.committedRows };
  }

  /** Resolves when nothing is queued or being committed (graceful shutdown). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const group: Waiting[] = [];
      let rows = 0;
      while (this.queue.length > 0 && (group.length === 0 || rows + this.queue[0]!.batch.rows.length <= this.maxGroupRows)) {
        const w = this.queue.shift()!;
        rows += w.batch.rows.length;
        group.push(w);
      }
      this.queuedRows -= rows;
      this.inFlight++;
      void this.commit(group, rows);
    }
    if (this.queue.length === 0 && this.inFlight === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async commit(group: Waiting[], rows: number): Promise<void> {
    try {
      const results = await this.store.commitBatches(group.map((w) => w.batch));
      this.commits++;
      this.committedRows += rows;
      group.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      const error =
        err instanceof StoreUnavailableError
          ? new AppError('STORE_UNAVAILABLE', 'The log store cannot commit right now; retry shortly.', { 'Retry-After': '2' })
          : (err as Error);
      for (const w of group) w.reject(error);
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}
