/**
 * The retention job (issue 13). A project keeps `retention_days` whole UTC days before today (else the
 * server default): a log is deleted once its day ends more than that many days ago, so it is kept at least
 * N days and at most N + 1 (plus one run interval). Rollups, the text index and error data go with the rows
 * (the stores do that per project and day).
 *
 * The clock is injected (tests move time); runs are single-flight in a process and, through the store's
 * lock, one at a time across instances. `beforeDelete` is awaited before a project's day goes (the archive
 * hooks in there); when it throws, that project's day is kept until a later run.
 */
import type { Project, Store } from '../store/types.js';
import type { RetentionPreview } from '../store/retention-types.js';

export const DAY_MS = 86_400_000;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

/** Called before a project's day of logs is deleted; day is the UTC day number (ts / 86 400 000). */
export type BeforeDelete = (projectId: number, day: number) => Promise<void>;

export interface RetentionOptions {
  /** Days kept for a project without its own setting (DEVSMITH_RETENTION_DAYS). */
  defaultDays: number;
  clock?: () => number;
  /** Most rows per delete transaction (SQLite shrinks it further to stay within its time budget). */
  chunkRows?: number;
  beforeDelete?: BeforeDelete;
}

export interface RetentionReport {
  /** True when another instance held the lock: nothing was done. */
  skipped: boolean;
  deletedLogs: number;
  /** Days removed whole (PostgreSQL partitions). */
  droppedDays: number[];
  /** Project days deleted row by row. */
  projectDays: Array<{ projectId: number; day: number; logs: number }>;
  /** Project days kept because `beforeDelete` failed. */
  failed: Array<{ projectId: number; day: number; error: string }>;
}

export interface ProjectRetention {
  retentionDays: number | null;
  effectiveDays: number;
  /** First day kept: days before it are deleted. */
  firstKeptDay: number;
  preview: RetentionPreview;
}

export const dayLabel = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export class Retention {
  /** Replaceable after construction: the app wires the archive in once both exist. */
  beforeDelete: BeforeDelete | null;
  private readonly clock: () => number;
  private readonly chunkRows: number;
  private running: Promise<RetentionReport> | null = null;
  private stopping = false;

  constructor(private readonly store: Store, private readonly opts: RetentionOptions) {
    this.clock = opts.clock ?? Date.now;
    this.chunkRows = opts.chunkRows ?? 2_000;
    this.beforeDelete = opts.beforeDelete ?? null;
  }

  effectiveDays(p: Pick<Project, 'retentionDays'> | undefined): number {
    return p?.retentionDays ?? this.opts.defaultDays;
  }

  /** The first UTC day still kept for a project keeping `days` days. */
  firstKeptDay(days: number): number {
    return Math.floor(this.clock() / DAY_MS) - days;
  }

  /** The dry run: what a run now would delete of this project. */
  async preview(project: Project): Promise<ProjectRetention> {
    const effectiveDays = this.effectiveDays(project);
    const firstKeptDay = this.firstKeptDay(effectiveDays);
    const preview = await this.store.retentionPreview(project.id, firstKeptDay);
    return { retentionDays: project.retentionDays, effectiveDays, firstKeptDay, preview };
  }

  /** Runs once; a call during a run gets that run's report. */
  run(): Promise<RetentionReport> {
    this.running ??= this.runLocked().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Lets a run in progress finish the project day it is on, and starts no other. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => {});
  }

  private async runLocked(): Promise<RetentionReport> {
    const report: RetentionReport = { skipped: false, deletedLogs: 0, droppedDays: [], projectDays: [], failed: [] };
    if (this.stopping) return { ...report, skipped: true };
    const done = await this.store.withRetentionLock(() => this.sweep(report));
    return done ?? { ...report, skipped: true };
  }

  private async sweep(report: RetentionReport): Promise<RetentionReport> {
    const projects = new Map((await this.store.listProjects(null)).map((p) => [p.id, p]));
    const keptFrom = (id: number) => this.firstKeptDay(this.effectiveDays(projects.get(id)));
    const allDays = [this.opts.defaultDays, ...[...projects.values()].map((p) => this.effectiveDays(p))];
    // A day before every project's first kept day is expired for all of them, even one not seen yet.
    const expiredForAll = this.firstKeptDay(Math.max(...allDays));
    const stored = await this.store.storedDays(this.firstKeptDay(Math.min(...allDays)));
    for (const { day, projectIds } of stored) {
      if (this.stopping) break;
      const expired = projectIds.filter((id) => day < keptFrom(id));
      if (expired.length === 0 && !(projectIds.length === 0 && day < expiredForAll)) continue;
      const ready = await this.prepare(expired, day, report);
      if (ready.length === expired.length && expired.length === projectIds.length && (await this.store.dropDay(day, ready))) {
        report.droppedDays.push(day);
        continue;
      }
      for (const projectId of ready) {
        const logs = await this.store.deleteProjectDay(projectId, day, this.chunkRows);
        report.deletedLogs += logs;
        report.projectDays.push({ projectId, day, logs });
      }
    }
    await this.store.reclaimSpace();
    return report;
  }

  /** Calls `beforeDelete` for each project of the day; returns those whose day may go. */
  private async prepare(projectIds: number[], day: number, report: RetentionReport): Promise<number[]> {
    const ready: number[] = [];
    for (const projectId of projectIds) {
      try {
        await this.beforeDelete?.(projectId, day);
        ready.push(projectId);
      } catch (err) {
        report.failed.push({ projectId, day, error: (err as Error).message });
      }
    }
    return ready;
  }
}
