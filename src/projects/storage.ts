/**
 * Storage per project (issue 13): the bytes of the logs of every project a user sees (members their own,
 * admins all), from the store's estimate (storage-types.ts), and their sum. The store-wide total is not
 * given to members: it would tell them how much the other projects log.
 */
import type { Store, User } from '../store/types.js';
import type { ProjectStorage } from '../store/storage-types.js';
import type { Projects } from './projects.js';

/** How old a measure of the log objects may be: the page is read often, the sizes change slowly. */
export const STORAGE_MEASURE_MAX_AGE_MS = 60_000;

export interface StorageOverview {
  measuredAt: number;
  covers: string[];
  /** The store's bytes per stored log, every project together (0 without logs). */
  bytesPerLog: number;
  projects: ProjectStorage[];
  /** The projects shown, together. */
  total: { logs: number; bytes: number };
}

export async function storageOverview(store: Store, projects: Projects, user: User): Promise<StorageOverview> {
  const ids = await projects.readableIds(user, []);
  const r = await store.projectStorage(ids, STORAGE_MEASURE_MAX_AGE_MS);
  return {
    measuredAt: r.measuredAt,
    covers: r.covers,
    bytesPerLog: r.totalLogs > 0 ? Math.round((r.totalBytes / r.totalLogs) * 10) / 10 : 0,
    projects: r.projects,
    total: r.projects.reduce((t, p) => ({ logs: t.logs + p.logs, bytes: t.bytes + p.bytes }), { logs: 0, bytes: 0 }),
  };
}
