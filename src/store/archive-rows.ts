/** Archive records as both stores hold them (bigint columns arrive as strings from pg, hence Number()). */
import type { ArchiveRecord, ArchiveStatus } from './archive-types.js';

export interface ArchiveDbRow {
  project_id: number;
  day: string;
  status: ArchiveStatus;
  object_key: string;
  log_count: number | null;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  requested_at: number;
  archived_at: number | null;
  restored_at: number | null;
  restored_count: number | null;
}

export function toArchiveRecord(r: ArchiveDbRow): ArchiveRecord {
  return {
    projectId: r.project_id,
    day: r.day,
    status: r.status,
    objectKey: r.object_key,
    logCount: r.log_count === null ? null : Number(r.log_count),
    bytes: r.bytes === null ? null : Number(r.bytes),
    sha256: r.sha256,
    error: r.error,
    requestedAt: Number(r.requested_at),
    archivedAt: r.archived_at === null ? null : Number(r.archived_at),
    restoredAt: r.restored_at === null ? null : Number(r.restored_at),
    restoredCount: r.restored_count === null ? null : Number(r.restored_count),
  };
}

/** The record's values in the column order of ARCHIVE_COLUMNS (shared with PostgreSQL). */
export function archiveValues(a: ArchiveRecord): unknown[] {
  return [a.projectId, a.day, a.status, a.objectKey, a.logCount, a.bytes, a.sha256, a.error, a.requestedAt, a.archivedAt, a.restoredAt, a.restoredCount];
}

export const ARCHIVE_COLUMNS = 'project_id, day, status, object_key, log_count, bytes, sha256, error, requested_at, archived_at, restored_at, restored_count';

