/**
 * Live tail: each subscriber polls the store for rows newer than the ones it saw. Polling the store (not an
 * in-process event bus) means a tail on any instance sees logs ingested by every instance, on PostgreSQL or
 * SQLite alike, and a reconnect with Last-Event-ID resumes without gaps.
 *
 * Ids are assigned at insert but become visible at commit, so with several writers (PostgreSQL commits
 * concurrently, other instances too) a lower id can appear after a higher one was seen. Each poll therefore
 * re-reads from the highest id seen a few polls ago and skips what it already delivered.
 */
import type { LogEntry, LogFilter, Store } from '../store/types.js';

export interface TailOptions {
  intervalMs: number;
  batch: number;
  /** How many polls back the re-read window reaches. */
  lookbackPolls: number;
}

const DEFAULTS: TailOptions = { intervalMs: 250, batch: 500, lookbackPolls: 4 };

export class TailSubscription {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The highest id seen at each of the last polls; the oldest is where the next poll reads from. */
  private readonly horizons: bigint[];
  private readonly delivered = new Set<string>();
  private highest: bigint;

  constructor(
    private readonly store: Store,
    private filter: LogFilter,
    startAfterId: string,
    private readonly onLogs: (logs: LogEntry[]) => void,
    private readonly onError: (err: Error) => void,
    private readonly opts: TailOptions = DEFAULTS,
  ) {
    this.highest = BigInt(startAfterId);
    this.horizons = [this.highest];
  }

  start(): void {
    this.schedule(0);
  }

  /** Narrows (or widens) the projects polled, when what the user may read changed; none pauses the polls. */
  setProjectIds(projectIds: number[]): void {
    const same = projectIds.length === this.filter.projectIds.length && projectIds.every((id, i) => id === this.filter.projectIds[i]);
    if (!same) this.filter = { ...this.filter, projectIds };
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
      if (!this.filter.projectIds.length) return this.schedule(this.opts.intervalMs);
      const floor = this.horizons[0]!;
      const logs = await this.store.logsAfter(floor.toString(), this.filter, this.opts.batch);
      if (this.stopped) return;
      const fresh = logs.filter((l) => !this.delivered.has(l.id));
      for (const l of fresh) {
        this.delivered.add(l.id);
        const id = BigInt(l.id);
        if (id > this.highest) this.highest = id;
      }
      if (fresh.length) this.onLogs(fresh);
      const full = logs.length === this.opts.batch;
      // Catching up on a backlog: move the window to the end of this page; otherwise slide it by one poll.
      if (full) this.horizons.splice(0, this.horizons.length, BigInt(logs[logs.length - 1]!.id));
      this.horizons.push(this.highest);
      while (this.horizons.length > this.opts.lookbackPolls) this.horizons.shift();
      const newFloor = this.horizons[0]!;
      for (const id of this.delivered) if (BigInt(id) <= newFloor) this.delivered.delete(id);
      this.schedule(full ? 0 : this.opts.intervalMs);
    } catch (err) {
      this.onError(err as Error);
      this.schedule(2_000);
    }
  }
}
