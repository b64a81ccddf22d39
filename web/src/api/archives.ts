import { api } from './client';

/** A UTC day of a project archived to object storage (GET /api/logs/projects/:id/archives). */
export interface ArchivedDay {
  day: string;
  status: 'pending' | 'running' | 'archived' | 'failed';
  object_key: string;
  log_count: number | null;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  requested_at: string;
  archived_at: string | null;
  restored_at: string | null;
  restored_count: number | null;
}

export interface RestoreResult {
  day: string;
  count: number;
  restored: number;
  already_present: number;
}

const base = (id: number) => `/api/logs/projects/${id}/archives`;

export const archivesApi = {
  list: (id: number) => api<{ data: ArchivedDay[]; configured: boolean }>(base(id)),
  archive: (id: number, body: { day: string } | { from: string; to: string }) =>
    api<{ data: ArchivedDay[] }>(base(id), { method: 'POST', body }).then((r) => r.data),
  restore: (id: number, day: string) => api<RestoreResult>(`${base(id)}/${day}/restore`, { method: 'POST' }),
};
