/**
 * Delivers logs from the CLI (send, run) to /api/logs/batch: batches of 100 lines or 1 s, one request in
 * flight (order kept), retries on network errors, 429 and 5xx with exponential backoff and jitter, honouring
 * Retry-After, for at most `retryForMs` per outage; other 4xx are never retried. Every log it could not
 * deliver is counted in `lost`, with the reason, so the command can say so and exit non-zero.
 */
import { randomUUID } from 'node:crypto';
import { logs } from './http.js';
import type { OutgoingLog } from './log-line.js';
import { postBatch, type PostOutcome } from './post-batch.js';

export interface ShipperOptions {
  url: string;
  key: string;
  service: string;
  /** How long one outage is waited out before the waiting logs are counted lost. */
  retryForMs: number;
  /** Prefix of every line written to stderr, e.g. "devsmith send". */
  label: string;
  /** Logs held while the server is unreachable; beyond it the oldest batch is dropped (counted). */
  maxQueued?: number;
  batchSize?: number;
  flushMs?: number;
  requestTimeoutMs?: number;
  report?: (line: string) => void;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 10_000;
const NOTE_EVERY_MS = 10_000;

export class Shipper {
  sent = 0;
  lost = 0;
  /** The last reason logs were lost, for the closing line. */
  lastLoss: string | null = null;
  private buffer: OutgoingLog[] = [];
  private queue: OutgoingLog[][] = [];
  private timer: NodeJS.Timeout | undefined;
  private pump: Promise<void> | null = null;
  private outageSince: number | null = null;
  private lastNote = 0;
  private stopped = false;
  /** Set once an outage outlasted the budget: later batches get one attempt each until one gets through. */
  private gaveUp = false;
  private roomWaiters: Array<() => void> = [];
  private readonly report: (line: string) => void;

  constructor(private readonly opts: ShipperOptions) {
        this.report = opts.report ?? ((line) => process.stderr.write(`${line}\n`));
  }

  push(log: OutgoingLog): void {
    if (this.stopped) return this.lose(1, this.lastLoss ?? 'delivery stopped');
    this.buffer.push(log);
    if (this.buffer.length >= (this.opts.batchSize ?? 100)) this.cut();
    else this.timer ??= setTimeout(() => this.cut(), this.opts.flushMs ?? 1000);
  }

  /** Resolves when fewer than maxQueued logs wait: lets `send` slow its reader down instead of dropping. */
  async room(): Promise<void> {
    while (this.waiting() >= this.maxQueued()) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Sends what is left (retrying within the budget) and resolves when nothing is pending. */
  async close(): Promise<void> {
    this.cut();
    while (this.pump) await this.pump;
  }

  private maxQueued(): number {
    return this.opts.maxQueued ?? 10_000;
  }

  private waiting(): number {
    return this.queue.reduce((n, b) => n + b.length, 0) + this.buffer.length;
  }

  private cut(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length) return;
    this.queue.push(this.buffer);
    this.buffer = [];
    while (this.queue.length > 1 && this.waiting() > this.maxQueued()) {
      this.lose(this.queue.shift()!.length, `more than ${this.maxQueued()} logs waiting for ${this.opts.url}`);
    }
    this.pump ??= this.drain().finally(() => (this.pump = null));
  }

  private async drain(): Promise<void> {
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      await this.deliver(batch);
      for (const wake of this.roomWaiters.splice(0)) wake();
    }
  }

  private async deliver(batch: OutgoingLog[]): Promise<void> {
    const idempotencyKey = randomUUID(); // a retry after a lost answer must not store the batch twice
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.post(batch, idempotencyKey);
      if (outcome.kind === 'ok') return this.delivered(outcome.stored, batch.length, outcome.refused);
      if (outcome.kind === 'drop') {
        this.lose(batch.length, outcome.reason);
        this.report(`${this.opts.label}: ${outcome.reason}; ${logs(batch.length)} not stored`);
        if (outcome.stopAll) this.stopAll(outcome.reason);
        return;
      }
      const now = Date.now();
      const fresh = this.outageSince === null;
      this.outageSince ??= now;
      const left = this.outageSince + this.opts.retryForMs - now;
      const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (left <= 0 || (outcome.waitMs ?? 0) > left) return this.giveUp(batch, outcome.reason);
      this.note(`${outcome.reason}; retrying (${logs(this.waiting() + batch.length)} waiting)`, fresh);
      await new Promise((r) => setTimeout(r, Math.min(left, Math.max(backoff, outcome.waitMs ?? 0))));
    }
  }

  private post(batch: OutgoingLog[], idempotencyKey: string): Promise<PostOutcome> {
    return postBatch(this.opts, this.opts.service, batch, idempotencyKey);
  }

  private delivered(stored: number, total: number, refused: string | null): void {
    this.sent += stored;
    if (this.outageSince !== null) this.report(`${this.opts.label}: ${this.opts.url} reachable again; delivering`);
    this.outageSince = null;
    this.gaveUp = false;
    if (stored < total) {
      const reason = `${this.opts.url} refused ${total - stored} of ${logs(total)} (${refused ?? 'no reason given'})`;
      this.lose(total - stored, reason);
      this.report(`${this.opts.label}: ${reason}`);
    }
  }

  private giveUp(batch: OutgoingLog[], reason: string): void {
    const dropped = batch.length + this.queue.reduce((n, b) => n + b.length, 0);
    this.queue = [];
    this.lose(dropped, reason);
    this.note(`${reason}; gave up after ${Math.round(this.opts.retryForMs / 1000)} s, ${logs(dropped)} lost`, !this.gaveUp);
    this.gaveUp = true;
  }

  private stopAll(reason: string): void {
    this.stopped = true;
    const dropped = this.queue.reduce((n, b) => n + b.length, 0) + this.buffer.length;
    this.queue = [];
    this.buffer = [];
    this.lose(dropped, reason);
  }

  /** At most one line per NOTE_EVERY_MS while an outage lasts, so a long outage does not flood stderr. */
  private note(text: string, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastNote < NOTE_EVERY_MS) return;
    this.lastNote = now;
    this.report(`${this.opts.label}: ${text}`);
  }

  private lose(count: number, reason: string): void {
    if (count <= 0) return;
    this.lost += count;
    this.lastLoss = reason;
  }
}
