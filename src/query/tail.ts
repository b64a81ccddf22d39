/**
 * Live tail: each subscriber polls the store for rows newer than the last one it saw. Polling the store
 * (not an in-process event bus) means a tail on any instance sees logs ingested by every instance, with
 * PostgreSQL or SQLite alike, and a reconnect with Last-Event-ID resumes without gaps.
 */
import type { LogEntry, LogFilter, Store } from '../store/types.js';

export interface TailOptions {
  intervalMs?: number;
  batch?: number;
}

export class TailSubscription {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly filter: LogFilter,
    private lastId: string,
    private readonly onLogs: (logs: LogEntry[]) => void,
    private readonly onError: (err: Error) => void,
    private readonly opts: Required<TailOptions> = { intervalMs: 250, batch: 500 },
  ) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (!this.stopped) this.timer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    try {
      const logs = await this.store.logsAfter(this.lastId, this.filter, this.opts.batch);
      if (this.stopped) return;
      if (logs.length) {
        this.lastId = logs[logs.length - 1]!.id;
        this.onLogs(logs);
      }
      // A full batch means more is waiting: poll again at once.
      this.schedule(logs.length === this.opts.batch ? 0 : this.opts.intervalMs);
    } catch (err) {
      this.onError(err as Error);
      this.schedule(2_000);
    }
  }
}
