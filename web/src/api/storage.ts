import { api } from './client';

/** One project's share of the log storage (estimated: logs × the server's bytes per log). */
export interface ProjectStorage {
  project_id: number;
  logs: number;
  bytes: number;
  bytes_per_log: number;
}

/** GET /api/logs/storage: every project the user sees. */
export interface StorageOverview {
  estimated: true;
  measured_at: string;
  covers: string[];
  bytes_per_log: number;
  total: { logs: number; bytes: number };
  data: ProjectStorage[];
}

export const storageApi = {
  get: (signal?: AbortSignal) => api<StorageOverview>('/api/logs/storage', { signal }),
};
