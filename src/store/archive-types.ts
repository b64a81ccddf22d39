/**
 * Store types for archives of whole UTC days to object storage (src/archive): the record of what is archived
 * where, and the restore of archived logs with their original ids. Part of the Store interface (types.ts),
 * implemented by both backends and checked by the contract suite (contract/archives.ts).
 */
import type { StoredLog } from './types.js';

/** pending: asked for, not started; running: being written; archived: object and manifest written. */
export type ArchiveStatus = 'pending' | 'running' | 'archived' | 'failed';

export interface ArchiveRecord {
  projectId: number;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  status: ArchiveStatus;
  /** Object key of the gzip NDJSON (also when pending: where it will go). */
  objectKey: string;
  /** Logs in the object, its compressed size and SHA-256 (hex): null until archived. */
  logCount: number | null;
  bytes: number | null;
  sha256: string | null;
  /** Why the last attempt failed (no secrets: the storage's error code and message). */
  error: string | null;
  requestedAt: number;
  archivedAt: number | null;
  /** The last restore: when, and how many logs it put back (already present ones not counted). */
  restoredAt: number | null;
  restoredCount: number | null;
}

/**
 * A log to restore: as stored, with the error fingerprint of a WARN and above (not in the archived line: it
 * is computed again on restore by the grouping that ingest uses, a pure function of the log).
 */
export interface RestoredLog extends StoredLog {
  fingerprint: string | null;
}

/** What a restore of a chunk did: rows written, and rows whose id was already there (same project and time). */
export interface RestoreResult {
  inserted: number;
  present: number;
}

export interface ArchiveStore {
  /** Creates or replaces the record of (projectId, day). */
  saveArchive(record: ArchiveRecord): Promise<void>;
  getArchive(projectId: number, day: string): Promise<ArchiveRecord | null>;
  /** The project's records, newest day first. */
  listArchives(projectId: number): Promise<ArchiveRecord[]>;
  /** Records in any of these states, every project (resuming work after a restart). */
  archivesInState(states: ArchiveStatus[]): Promise<ArchiveRecord[]>;
  /**
   * Puts logs back with their original ids, in one transaction, with their per-minute counts and text index.
   * A log whose id is already stored is skipped (counted as present), so a restore run twice adds nothing;
   * an id held by a different log (another project or time) fails the whole chunk with RestoreConflictError.
   */
  restoreLogs(logs: RestoredLog[]): Promise<RestoreResult>;
}

/** An archived log's id is held by a different log: restoring would lose one of them. */
export class RestoreConflictError extends Error {
  constructor(readonly id: string) {
    super(`log id ${id} is already used by a different log`);
    this.name = 'RestoreConflictError';
  }
}
