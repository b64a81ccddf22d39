/**
 * Store types for storage per project (issue 13): how many bytes each project's logs take. Logs of every
 * project share one table (SQLite) or the day partitions (PostgreSQL), so a project's bytes are an estimate:
 * the log objects' measured size shared by stored logs (counted from the per-minute rollups, never by
 * scanning the logs). Part of the Store interface (types.ts), checked by contract/storage.ts.
 */

/** One project's share. */
export interface ProjectStorage {
  projectId: number;
  /** Stored logs, exact (rollups). */
  logs: number;
  /** Estimated: logs × the store's bytes per log. */
  bytes: number;
  /** Estimated: the store's bytes per log (the same for every project; 0 when nothing is stored). */
  bytesPerLog: number;
}

export interface StorageReport {
  /** Always true: bytes are apportioned, not measured per project. */
  estimated: true;
  /** When the log objects were measured (epoch ms); a cached measure can be up to `maxAgeMs` old. */
  measuredAt: number;
  /**
   * What the bytes cover: the objects that hold logs (the logs table or its day partitions, its indexes, the
   * text index), by name. Not the per-minute counts, error groups or other tables.
   */
  covers: string[];
  /** Bytes of what `covers` names, every project together, and the logs they held when measured. */
  totalBytes: number;
  totalLogs: number;
  /** The projects asked for, in the order asked; a project without logs has 0 everywhere. */
  projects: ProjectStorage[];
}

export interface StorageStore {
  /**
   * Bytes of the logs of each of `projectIds` (the caller decides which the user may see). Measuring the log
   * objects is not free on SQLite, so a measure younger than `maxAgeMs` is reused (0: measure now); the
   * counts per project are always read now.
   */
  projectStorage(projectIds: number[], maxAgeMs: number): Promise<StorageReport>;
}
