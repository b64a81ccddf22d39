/**
 * Archive rules: which days of a project may be archived, by whom, and the queue that writes them; restoring
 * a day; and the hook retention calls before it deletes a day. Knows no HTTP: routes call these verbs.
 *
 * Archiving runs in the background, one day at a time (a range of 30 busy days is long work); its state is
 * in the `archives` table, and work left pending or running when the process stopped resumes at start.
 * Restore runs in the request: it is idempotent (logs already present are skipped), so a retry after a
 * dropped connection finishes the job rather than duplicating it.
 */
import { AppError } from '../errors.js';
import type { ArchiveConfig } from '../config.js';
import type { Projects } from '../projects/projects.js';
import { RestoreConflictError, type ArchiveRecord } from '../store/archive-types.js';
import type { Project, Store, User } from '../store/types.js';
import { DAY_MS, dayRange, formatDay, parseDay } from './day.js';
import { ArchiveFormatError, objectKey } from './format.js';
import { restoreDay } from './restore-day.js';
import { ArchiveStorageError, type ArchiveBucket } from './s3-bucket.js';
import { writeDay } from './write-day.js';

export interface ArchiveRequest {
  day?: string;
  from?: string;
  to?: string;
}

export interface RestoreReport {
  day: string;
  count: number;
  restored: number;
  alreadyPresent: number;
}

/**
 * Called by retention before it deletes project `projectId`'s UTC day number `day` (ts / 86 400 000: retention's
 * `BeforeDelete`); throws to keep the day.
 */
export type BeforeDayDeleted = (projectId: number, day: number) => Promise<void>;

export class Archives {
  private queue: Promise<void> = Promise.resolve();
  /** `projectId/day` being archived or restored: the other operation waits its turn (409). */
  private readonly busy = new Set<string>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly projects: Projects,
    private readonly bucket: ArchiveBucket | null,
    private readonly config: ArchiveConfig | null,
    /** DEVSMITH_ERROR_GROUPING: restored WARN and above get their fingerprints as ingest would give them. */
    private readonly grouping: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  private target(): { bucket: ArchiveBucket; config: ArchiveConfig } {
    if (!this.bucket || !this.config) {
      throw new AppError('ARCHIVE_NOT_CONFIGURED', 'No archive storage is configured: set DEVSMITH_ARCHIVE_S3_BUCKET (and the endpoint and credentials, see docs/archive.md).');
    }
    return { bucket: this.bucket, config: this.config };
  }

  /** Queues the days for archiving; days already queued or being written are left as they are. */
  async request(user: User, idOrSlug: string, req: ArchiveRequest): Promise<ArchiveRecord[]> {
    const project = await this.projects.get(user, idOrSlug);
    this.target();
    const days = daysOf(req);
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS;
    const open = days.find((d) => parseDay(d) >= today);
    if (open) throw new AppError('VALIDATION_FAILED', `${open} is not over yet (UTC): only past days can be archived`);
    const out: ArchiveRecord[] = [];
    for (const day of days) {
      const existing = await this.store.getArchive(project.id, day);
      if (existing && (existing.status === 'pending' || existing.status === 'running')) {
        out.push(existing);
        continue;
      }
      const record = this.pendingRecord(existing, project, day);
      await this.store.saveArchive(record);
      this.enqueue(project.id, day);
      out.push(record);
    }
    return out;
  }

  async list(user: User, idOrSlug: string): Promise<ArchiveRecord[]> {
    const project = await this.projects.get(user, idOrSlug);
    return this.store.listArchives(project.id);
  }

  /** Puts an archived day back; logs still (or already) in the store are kept as they are, never doubled. */
  async restore(user: User, idOrSlug: string, day: string): Promise<RestoreReport> {
    const project = await this.projects.get(user, idOrSlug);
    parseDay(day);
    const { bucket } = this.target();
    const record = await this.store.getArchive(project.id, day);
    if (record?.status === 'pending' || record?.status === 'running') {
      throw new AppError('ARCHIVE_BUSY', `${day} is being archived (${record.status}): restore it once that is done.`);
    }
    if (!record || record.status !== 'archived') {
      throw new AppError('NOT_FOUND', `${day} of project "${project.slug}" has no finished archive${record ? ` (it is ${record.status})` : ''}.`);
    }
    return this.exclusive(project.id, day, async () => {
      try {
        const r = await restoreDay(this.store, bucket, record.objectKey, project.id, this.grouping);
        if (r.sha256 !== record.sha256 || r.count !== record.logCount) {
          throw new AppError('ARCHIVE_STORAGE_FAILED', `The object ${record.objectKey} is not the one archived (${r.count} logs, SHA-256 ${r.sha256}; archived: ${record.logCount}, ${record.sha256}). Logs read from it were restored.`);
        }
        await this.store.saveArchive({ ...record, restoredAt: this.now(), restoredCount: r.inserted });
        return { day, count: r.count, restored: r.inserted, alreadyPresent: r.present };
      } catch (err) {
        throw restoreError(err, record.objectKey);
      }
    });
  }

  /**
   * The retention hook: with archive-on-expiry set, the day is archived (unless an archive of exactly its
   * current logs exists) before retention deletes it; a failure throws, and retention keeps the day.
   */
  readonly beforeDayDeleted: BeforeDayDeleted = async (projectId, dayNumber) => {
    if (!this.config?.onExpiry) return;
    const project = await this.store.getProject(projectId);
    if (!project) return;
    const dayStart = dayNumber * DAY_MS;
    const day = formatDay(dayStart);
    const existing = await this.store.getArchive(projectId, day);
    if (existing?.status === 'archived') {
      const now = await this.store.countLogs({ projectIds: [projectId], from: dayStart, to: dayStart + DAY_MS });
      if (now === existing.logCount) return;
    }
    await this.store.saveArchive(this.pendingRecord(existing, project, day));
    await this.archiveNow(projectId, day);
    const done = await this.store.getArchive(projectId, day);
    if (done?.status !== 'archived') throw new Error(`archive of project ${projectId} day ${day} failed: ${done?.error ?? 'unknown'}`);
  };

  /** Queues the days left pending or running when the process last stopped. */
  async resume(): Promise<number> {
    if (!this.bucket) return 0;
    const left = await this.store.archivesInState(['pending', 'running']);
    for (const r of left) this.enqueue(r.projectId, r.day);
    return left.length;
  }

  /**
   * Shutdown: days not started stay pending (resumed at the next start); the one being written gets up to
   * `waitMs` to finish, else it is cut off with the store and left running, which resumes the same way.
   */
  async stop(waitMs = 5000): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** Resolves once the queue is empty (shutdown, tests). */
  async idle(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== this.queue; ) {
      seen = this.queue;
      await seen;
    }
  }

  private pendingRecord(existing: ArchiveRecord | null, project: Project, day: string): ArchiveRecord {
    const { config } = this.target();
    return {
      ...(existing ?? { logCount: null, bytes: null, sha256: null, archivedAt: null, restoredAt: null, restoredCount: null }),
      projectId: project.id,
      day,
      status: 'pending',
      objectKey: objectKey(config.prefix, project.id, day),
      error: null,
      requestedAt: this.now(),
    };
  }

  private enqueue(projectId: number, day: string): void {
    this.queue = this.queue.then(() => this.archiveNow(projectId, day)).catch(() => {});
  }

  /** Writes one day; the outcome (archived or failed, with the reason) goes to its record. */
  private async archiveNow(projectId: number, day: string): Promise<void> {
    const record = await this.store.getArchive(projectId, day);
    const project = await this.store.getProject(projectId);
    if (this.stopped || !record || !project || !this.bucket || (record.status !== 'pending' && record.status !== 'running')) return;
    const bucket = this.bucket;
    await this.exclusive(projectId, day, async () => {
      await this.store.saveArchive({ ...record, status: 'running' });
      try {
        const m = await writeDay(this.store, bucket, project, day, parseDay(day), record.objectKey, this.now());
        await this.store.saveArchive({ ...record, status: 'archived', logCount: m.count, bytes: m.bytes, sha256: m.sha256, archivedAt: this.now(), error: null });
      } catch (err) {
        const error = err instanceof ArchiveStorageError ? err.message : `archive failed: ${(err as Error).message}`;
        await this.store.saveArchive({ ...record, status: 'failed', error }).catch(() => {});
      }
    }).catch(() => {});
  }

  private async exclusive<T>(projectId: number, day: string, fn: () => Promise<T>): Promise<T> {
    const key = `${projectId}/${day}`;
    if (this.busy.has(key)) throw new AppError('ARCHIVE_BUSY', `${day} is being archived or restored right now: try again when it is done.`);
    this.busy.add(key);
    try {
      return await fn();
    } finally {
      this.busy.delete(key);
    }
  }
}

function daysOf(req: ArchiveRequest): string[] {
  if (req.day !== undefined) {
    if (req.from !== undefined || req.to !== undefined) throw new AppError('VALIDATION_FAILED', 'give either day, or from and to: not both');
    parseDay(req.day);
    return [req.day];
  }
  if (req.from === undefined || req.to === undefined) throw new AppError('VALIDATION_FAILED', 'give day (YYYY-MM-DD), or from and to (both included)');
  return dayRange(req.from, req.to);
}

function restoreError(err: unknown, key: string): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof ArchiveStorageError) return new AppError('ARCHIVE_STORAGE_FAILED', `The archive could not be read: ${err.message}`);
  if (err instanceof ArchiveFormatError) return new AppError('ARCHIVE_STORAGE_FAILED', `The object ${key} is damaged: ${err.message}`);
  if (err instanceof RestoreConflictError) {
    return new AppError('CONFLICT', `Cannot restore: ${err.message} (this store is not the one the day was archived from?).`);
  }
  if ((err as { code?: string }).code === 'Z_DATA_ERROR' || (err as { code?: string }).code === 'Z_BUF_ERROR') {
    return new AppError('ARCHIVE_STORAGE_FAILED', `The object ${key} is damaged: not valid gzip`);
  }
  return err;
}
