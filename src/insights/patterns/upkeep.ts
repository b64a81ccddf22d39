/**
 * The project patterns job: reads the logs written since its watermark (log id) in batches, files each in its
 * project's Drain tree, and adds per-cluster totals and per-hour counts to the store (migration 10), moving the
 * watermark and saving the trees in the same transaction. It runs on a timer beside ingestion, never in its
 * path; with several instances, the watermark check in savePatternBatch lets one batch win and the others
 * reload. Off with DEVSMITH_PATTERNS=off.
 *
 * Its cost is bounded: past `fullRate` logs a second of backlog (a burst, or a restart after a while), or past
 * what `cpuShare` of one core mines at the job's measured cost per log, whichever is lower, a run
 * mines a deterministic sample (ids that are multiples of a stride, and every log at ERROR or above, so that
 * rare errors are never lost) and scales the sampled counts by the stride. The logs the counts add beyond those
 * mined are kept per project under the SAMPLED_EXTRA pseudo-cluster, and the page shows the counts as estimates
 * with their sample rate (src/insights/project-patterns.ts).
 */
import { mergePattern, type PatternDelta, type PatternHour } from '../../store/insight-types.js';
import type { PatternSourceRow } from '../../store/insight-types.js';
import type { Store } from '../../store/types.js';
import { Drain, type DrainState } from './drain.js';
import { fileRows } from './upkeep-batch.js';

/** Rows mined between two turns of the event loop (~20 ms of work). */
const FILE_SLICE = 2_000;
/** Batches smaller than this do not update the measured cost per log. */
const MEASURED_ROWS = 1_000;
/** The CPU share never lowers the mined rate below this (logs/s): below it the job is cheap whatever the machine. */
const CPU_FLOOR_RATE = 1_000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface UpkeepOptions {
  /** Logs read per batch (default 10,000: fewer, larger saves; a batch's deltas are per cluster, not per log). */
  batchRows?: number;
  /** Pause between runs when caught up (default 5 s). */
  intervalMs?: number;
  /** Only logs received this long ago are read (PostgreSQL commits ids out of order; default 5 s there, 0 on SQLite). */
  lagMs?: number;
  /** Batches per run before yielding to the timer (default 20). */
  maxBatches?: number;
  /** Clusters per project (default 5000): past it new lines join their nearest cluster. */
  maxClusters?: number;
  /**
   * Logs a second mined in full (default 5,000): a run whose backlog is larger than this rate times the time
   * since the previous run (the interval for the first) mines a sample. Infinity: never samples.
   */
  fullRate?: number;
  /**
   * Share of one core the job may use (default 0.05; Infinity: no bound). Its measured time per log mined turns
   * this into a rate, so that on a slower or busier machine it samples sooner instead of taking more of the CPU
   * that ingestion needs; `fullRate` still caps that rate.
   */
  cpuShare?: number;
  /** Least time between two saves (default 2 s); a run saves at its end once that long has passed. */
  saveEveryMs?: number;
  clock?: () => number;
  onError?: (err: Error) => void;
}

export class PatternUpkeep {
  private drains: Map<number, Drain> | null = null;
  /** Each project's tree as last saved (JSON), and the projects whose tree changed since. */
  private readonly saved = new Map<number, string>();
  private readonly dirty = new Set<number>();
  private watermark = '0';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;
  private lastRun: number | null = null;
  /** Filed, not saved yet: up to `readTo` (the saved watermark is `watermark`). */
  private readTo = '0';
  private readonly pending = new Map<string, PatternDelta>();
  private readonly pendingHours = new Map<string, PatternHour>();
  private pendingRows = 0;
  private lastSave = -Infinity;
  /** Milliseconds of the job's own work per log mined (reads and filing; a moving average); null until measured. */
  private msPerLog: number | null = null;
  /** Milliseconds of the job's own work since start (its reads, its filing and its saves' calls), for benchmarks. */
  busyMs = 0;
  private readonly o: Required<Omit<UpkeepOptions, 'onError'>> & Pick<UpkeepOptions, 'onError'>;

  constructor(private readonly store: Store, opts: UpkeepOptions = {}) {
    this.o = {
      batchRows: 10_000, intervalMs: 5000, fullRate: 5_000, cpuShare: 0.05, saveEveryMs: 2000, lagMs: store.kind === 'postgres' ? 5000 : 0, maxBatches: 20, maxClusters: 5000,
      clock: () => Date.now(), ...(Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as UpkeepOptions),
    };
  }

  start(): void {
    const tick = () => {
      this.timer = null;
      if (this.stopped) return;
      void this.runOnce().catch((err: Error) => this.o.onError?.(err)).finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.o.intervalMs).unref();
      });
    };
    this.timer = setTimeout(tick, this.o.intervalMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => 0);
    await this.flush().catch((err: Error) => this.o.onError?.(err));
  }

  /** Reads and files batches until caught up (or maxBatches); returns the logs read. Never runs twice at once. */
  runOnce(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** Saves what was filed and not saved yet (stop() does it too). */
  async flush(): Promise<void> {
    await this.running?.catch(() => 0);
    if (this.pendingRows) await this.save();
  }

  private async run(): Promise<number> {
    let read = 0;
    const every = await this.strideOf();
    for (let b = 0; b < this.o.maxBatches; b++) {
      if (!this.drains) await this.load();
      let busy = performance.now();
      const rows = await this.store.patternSourceAfter(this.readTo, this.o.clock() - this.o.lagMs, this.o.batchRows, every);
      busy = performance.now() - busy;
      if (!rows.length) break;
      // Filed a slice at a time with a turn of the event loop before each: a 10,000-row batch mined in one go held
      // the loop ~100 ms (the body-flood test saw /healthz wait behind it); SQLite's reads are synchronous too.
      // Only the job's own work is timed, not the turns it gives to ingestion.
      for (let i = 0; i < rows.length; i += FILE_SLICE) {
        await nextTurn();
        const t0 = performance.now();
        this.addPending(this.file(rows.slice(i, i + FILE_SLICE), every));
        busy += performance.now() - t0;
      }
      this.measured(busy, rows.length);
      this.busyMs += busy;
      this.readTo = rows[rows.length - 1]!.id;
      this.pendingRows += rows.length;
      read += rows.length;
      if (this.pendingRows >= this.o.batchRows * 5 && !(await this.save())) break;
      if (rows.length < this.o.batchRows) break;
    }
    // Saves are spaced (saveEveryMs): each writes every cluster the rows touched, which with short runs would
    // cost more than the mining (on SQLite the save goes through the writer thread, between log commits).
    if (this.pendingRows && this.o.clock() - this.lastSave >= this.o.saveEveryMs) await this.save();
    return read;
  }

  /**
   * One transaction: the deltas and hour counts filed since the last save, the watermark moved to the last log
   * filed, and the trees, only when one changed since (most batches change no tree once the templates settle:
   * only cluster sizes, which the job does not use; null keeps the saved trees, which with the new watermark
   * are then exactly the state a restart needs). False when another instance saved first: all is reloaded.
   */
  private async save(): Promise<boolean> {
    const t0 = performance.now();
    const state = this.dirty.size ? this.stateJSON() : null;
    const saving = this.store.savePatternBatch(this.watermark, { watermark: this.readTo, state }, [...this.pending.values()], [...this.pendingHours.values()]);
    this.busyMs += performance.now() - t0; // up to the call's return: its synchronous part (all of it on SQLite before the writer did it)
    const ok = await saving;
    this.lastSave = this.o.clock();
    if (!ok) {
      this.drains = null; // another instance filed these logs: start again from what it saved
      this.clearPending();
      return false;
    }
    this.watermark = this.readTo;
    this.dirty.clear();
    this.clearPending();
    return true;
  }

  private addPending({ deltas, hours }: { deltas: PatternDelta[]; hours: PatternHour[] }): void {
    for (const d of deltas) {
      const key = `${d.projectId}\u0000${d.clusterId}`;
      const p = this.pending.get(key);
      this.pending.set(key, p ? mergePattern(p, d) : d); // the store's own merge: newer examples first
    }
    for (const h of hours) {
      const key = `${h.projectId}\u0000${h.clusterId}\u0000${h.hour}`;
      const p = this.pendingHours.get(key);
      if (p) p.count += h.count;
      else this.pendingHours.set(key, h);
    }
  }

  private clearPending(): void {
    this.pending.clear();
    this.pendingHours.clear();
    this.pendingRows = 0;
  }

  private measured(ms: number, rows: number): void {
    if (rows < MEASURED_ROWS) return; // a small batch's time is mostly fixed costs, not a cost per log
    const perLog = ms / rows;
    this.msPerLog = this.msPerLog === null ? perLog : 0.7 * this.msPerLog + 0.3 * perLog;
  }

  /** Logs a second the job may mine: fullRate, or less when its CPU share allows fewer at its measured cost. */
  private allowedRate(): number {
    const byCpu = this.msPerLog && Number.isFinite(this.o.cpuShare) ? (this.o.cpuShare * 1000) / this.msPerLog : Infinity;
    return Math.min(this.o.fullRate, Math.max(byCpu, CPU_FLOOR_RATE));
  }

  /** 1 (every log) unless the backlog is over what the allowed rate gives for the time since the previous run. */
  private async strideOf(): Promise<number> {
    const now = this.o.clock();
    const seconds = Math.max(this.lastRun === null ? this.o.intervalMs : now - this.lastRun, 1) / 1000;
    this.lastRun = now;
    const rate = this.allowedRate();
    if (!Number.isFinite(rate)) return 1;
    if (!this.drains) await this.load();
    const t0 = performance.now();
    const backlog = Number(await this.store.maxLogId()) - Number(this.readTo);
    this.busyMs += performance.now() - t0;
    // The newest lagMs of logs are counted in the backlog but not read yet: they are allowed for as well.
    const allowed = Math.max(rate * (seconds + this.o.lagMs / 1000), 1);
    return backlog > allowed ? Math.ceil(backlog / allowed) : 1;
  }

  private async load(): Promise<void> {
    const p = await this.store.patternProgress();
    this.watermark = p.watermark;
    this.readTo = p.watermark;
    this.clearPending();
    this.drains = new Map();
    this.saved.clear();
    this.dirty.clear();
    const state = p.state ? (JSON.parse(p.state) as Record<string, DrainState>) : {};
    for (const [project, s] of Object.entries(state)) {
      this.drains.set(Number(project), Drain.fromJSON(s));
      this.saved.set(Number(project), JSON.stringify(s));
    }
  }

  /** All trees as one JSON object by project; only the changed ones are serialised again. */
  private stateJSON(): string {
    for (const p of this.dirty) this.saved.set(p, JSON.stringify(this.drains!.get(p)!.toJSON()));
    return `{${[...this.saved].map(([p, json]) => `"${p}":${json}`).join(',')}}`;
  }

  private drainOf(projectId: number): Drain {
    let d = this.drains!.get(projectId);
    if (!d) this.drains!.set(projectId, (d = new Drain({ maxClusters: this.o.maxClusters })));
    return d;
  }

  private file(rows: PatternSourceRow[], every: number): { deltas: PatternDelta[]; hours: PatternHour[] } {
    return fileRows(rows, every, (projectId) => this.drainOf(projectId), (projectId) => this.dirty.add(projectId));
  }

}
