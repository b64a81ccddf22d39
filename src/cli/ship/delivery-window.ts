/**
 * Several batches of one file in flight at once (issue 16: one request at a time left the agent waiting on
 * the server). Batches are cut in file order; up to `size` are sent concurrently and their answers may come
 * back in any order, but the checkpoint only moves past a byte range once every range before it is
 * acknowledged. Every range cut and not yet folded into the checkpoint is saved as `pending` BEFORE it is
 * sent, so after a crash each one is cut again at the same bytes and re-sent under the same Idempotency-Key
 * (the server replays its answer for those it already stored). Memory stays bounded: the reader waits for
 * room (`waitForRoom`) before it reads on, so at most `size` batches are held.
 */
import type { OutgoingLog } from '../log-line.js';
import type { Delivery } from './batch-sender.js';
import type { ByteRange } from './checkpoints.js';

export interface WindowBatch {
  logs: OutgoingLog[];
  start: number;
  end: number;
  key: string;
}

export interface WindowEvents {
  delivered(stored: number, replayed: boolean): void;
  fatal(reason: string): void;
  report(line: string): void;
}

type Range = ByteRange & { acked: boolean };

export class DeliveryWindow {
  /** Just past the last byte before which every batch is acknowledged. */
  acked: number;
  /** A delivery was cut short (stop, fatal answer, a failure): nothing more is sent, the checkpoint stays. */
  abandoned = false;
  private ranges: Range[] = [];
  private readonly queue: WindowBatch[] = [];
  private readonly running = new Set<Promise<void>>();
  private failure: Error | null = null;

  constructor(
    private readonly size: number,
    offset: number,
    private readonly send: (batch: WindowBatch) => Promise<Delivery>,
    /** Persists the checkpoint: `offset` acknowledged, `pending` cut after it (in file order). */
    private readonly save: (offset: number, pending: ByteRange[]) => void,
    private readonly events: WindowEvents,
    private readonly source: string,
  ) {
    this.acked = offset;
  }

  /** The ranges cut and not yet folded into the checkpoint, in file order. */
  get pending(): ByteRange[] {
    return this.ranges.map(({ start, end }) => ({ start, end }));
  }

  /** Takes a batch (the next bytes of the file), records its range, then sends it when there is room. */
  push(batch: WindowBatch): void {
    if (this.abandoned) return;
    this.ranges.push({ start: batch.start, end: batch.end, acked: false });
    this.save(this.acked, this.pending);
    this.queue.push(batch);
    this.pump();
  }

  /** Resolves once fewer than `size` batches are held; throws what a delivery failed with. */
  async waitForRoom(): Promise<void> {
    while (this.queue.length + this.running.size >= this.size && this.running.size) await Promise.race(this.running);
    this.throwIfFailed();
  }

  /** Resolves when nothing is in flight any more. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.race(this.running);
    this.throwIfFailed();
  }

  /** Starts over at `offset` (the file was truncated and everything before was drained). */
  reset(offset: number): void {
    this.ranges = [];
    this.acked = offset;
  }

  private pump(): void {
    while (!this.abandoned && this.queue.length && this.running.size < this.size) {
      const batch = this.queue.shift()!;
      const delivery: Promise<void> = this.deliver(batch)
        .catch((err: Error) => {
          this.failure ??= err;
          this.abandon();
        })
        .finally(() => {
          this.running.delete(delivery);
          this.pump();
        });
      this.running.add(delivery);
    }
  }

  private async deliver(batch: WindowBatch): Promise<void> {
    const result = await this.send(batch);
    if (result.kind === 'stopped' || result.kind === 'fatal') {
      this.abandon();
      if (result.kind === 'fatal') this.events.fatal(result.reason);
      return;
    }
    if (result.kind === 'refused') this.events.report(`devsmith ship: ${this.source}: ${result.reason}; bytes ${batch.start}-${batch.end} (${batch.logs.length} logs) not stored`);
    else this.events.delivered(result.stored, result.replayed);
    const range = this.ranges.find((r) => r.start === batch.start);
    if (range) range.acked = true;
    let moved = false;
    while (this.ranges[0]?.acked) {
      this.acked = this.ranges.shift()!.end;
      moved = true;
    }
    if (moved) this.save(this.acked, this.pending);
  }

  private abandon(): void {
    this.abandoned = true;
    this.queue.length = 0;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
