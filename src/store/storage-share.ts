/**
 * The part of storage per project that both stores share: a cached measure of the log objects and the share
 * of each project by stored logs (storage-types.ts).
 */
import type { StorageReport } from './storage-types.js';

/** The log objects as measured at one time, with the logs (of every project) they held then. */
export interface LogObjectsMeasure {
  measuredAt: number;
  covers: string[];
  totalBytes: number;
  totalLogs: number;
}

/**
 * Keeps the last measure; concurrent callers that need a new one wait for the same measure (one walk of the
 * SQLite file at a time, not one per dashboard tab).
 */
export class MeasureCache {
  private last: LogObjectsMeasure | null = null;
  private running: Promise<LogObjectsMeasure> | null = null;

  constructor(private readonly measure: () => Promise<LogObjectsMeasure>) {}

  async get(maxAgeMs: number, now = Date.now()): Promise<LogObjectsMeasure> {
    if (this.last && maxAgeMs > 0 && now - this.last.measuredAt < maxAgeMs) return this.last;
    if (!this.running) {
      this.running = this.measure().finally(() => {
        this.running = null;
      });
    }
    this.last = await this.running;
    return this.last;
  }
}

/**
 * Each project's share: its stored logs times the bytes per log of the measure. The per-log figure is the
 * same for every project: rows differ in size, but no store keeps a size per row, and an exact figure would
 * mean reading every log.
 */
export function shareByLogs(measure: LogObjectsMeasure, logsByProject: Map<number, number>, projectIds: number[]): StorageReport {
  const { totalBytes } = measure;
  const bytesPerLog = measure.totalLogs > 0 ? totalBytes / measure.totalLogs : 0;
  return {
    estimated: true,
    measuredAt: measure.measuredAt,
    covers: measure.covers,
    totalBytes,
    totalLogs: measure.totalLogs,
    projects: projectIds.map((projectId) => {
      const logs = logsByProject.get(projectId) ?? 0;
      return { projectId, logs, bytes: Math.round(logs * bytesPerLog), bytesPerLog: logs > 0 ? Math.round(bytesPerLog * 10) / 10 : 0 };
    }),
  };
}

/**
 * The report for `projectIds`: counts read now, the measure reused while younger than `maxAgeMs`. A measure
 * taken while nothing was stored is not reused once logs are: it would give every project 0 bytes.
 */
export async function storageReport(
  cache: MeasureCache,
  maxAgeMs: number,
  projectIds: number[],
  countLogs: (projectIds: number[]) => Promise<Map<number, number>>,
): Promise<StorageReport> {
  const counts = await countLogs(projectIds);
  let measure = await cache.get(maxAgeMs);
  if (measure.totalLogs === 0 && [...counts.values()].some((n) => n > 0)) measure = await cache.get(0);
  return shareByLogs(measure, counts, projectIds);
}
