/**
 * Store types for retention (src/retention): which days hold logs, deleting one project's day, dropping a
 * whole day where the backend can, giving space back, and what a dry run reports. Part of the Store
 * interface (types.ts), implemented by both backends and checked by the contract suite (contract/retention.ts).
 *
 * Days are UTC day numbers: `Math.floor(ts / 86_400_000)`.
 */

/** A UTC day that holds logs, and the projects with logs on it. */
export interface StoredDay {
  day: number;
  projectIds: number[];
}

/** What deleting a project's logs before a day would remove (the dry run). */
export interface RetentionPreview {
  /** Oldest log time of the project (epoch ms), or null without logs. */
  oldestLog: number | null;
  logs: number;
  days: number[];
  /** Storage those logs take, estimated from the store's size per log (exact sizes per row are not kept). */
  bytesEstimate: number;
}

export interface RetentionStore {
  /** Days before `beforeDay` that hold logs (or, on PostgreSQL, still have a partition), oldest first. */
  storedDays(beforeDay: number): Promise<StoredDay[]>;
  /**
   * Deletes every log of the project on that day with its per-minute counts (and the error data that ages
   * with them), in chunks of at most `chunkRows` rows, each its own transaction; returns the rows deleted.
   */
  deleteProjectDay(projectId: number, day: number, chunkRows: number): Promise<number>;
  /**
   * Removes the whole day at once (PostgreSQL drops its partition) when every project with logs on it, checked
   * again under a lock, is one of `expiredProjectIds`. False when it did not (SQLite never does: the caller
   * then deletes per project).
   */
  dropDay(day: number, expiredProjectIds: number[]): Promise<boolean>;
  /** Returns freed space to the file system where the backend needs asking (SQLite: incremental vacuum). */
  reclaimSpace(): Promise<void>;
  /**
   * Runs `fn` unless another instance holds the retention lock (PostgreSQL advisory lock; SQLite has one
   * instance): null when it was held.
   */
  withRetentionLock<T>(fn: () => Promise<T>): Promise<T | null>;
  /** The dry run for one project: its logs before `beforeDay`. */
  retentionPreview(projectId: number, beforeDay: number): Promise<RetentionPreview>;
}
