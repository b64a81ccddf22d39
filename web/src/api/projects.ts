import { api } from './client';
import type { Project, ProjectWithKey } from './types';

export interface ProjectInput {
  name: string;
  slug?: string;
  description?: string;
  repository_url?: string | null;
  /** Days of logs kept; null: the server default. */
  retention_days?: number | null;
  /** Apdex threshold T in ms; null: the default (500). */
  apdex_threshold_ms?: number | null;
  /** Whether an OpenAI-compatible provider off this machine may read the project's logs (default false). */
  ai_external_allowed?: boolean;
  /** The project's plan (admins only); null: the server's default plan. */
  plan_id?: number | null;
  /** Keep rate (0-1) by level, TRACE, DEBUG and INFO only; null: keep everything. */
  sampling?: Record<string, number> | null;
}

/** GET /api/logs/projects/:id/retention: the setting and the dry run of the next retention run. */
export interface RetentionInfo {
  retention_days: number | null;
  effective_days: number;
  first_kept_day: string;
  oldest_log: string | null;
  would_delete: { logs: number; days: string[]; bytes_estimate: number };
}

export const projectsApi = {
  list: () => api<{ data: Project[] }>('/api/logs/projects').then((r) => r.data),
  get: (id: number | string) =>
    api<{ project: Project }>(`/api/logs/projects/${encodeURIComponent(id)}`).then((r) => r.project),
  create: (body: ProjectInput) => api<ProjectWithKey>('/api/logs/projects', { method: 'POST', body }),
  update: (id: number, body: Partial<ProjectInput> & { active?: boolean }) =>
    api<{ project: Project }>(`/api/logs/projects/${id}`, { method: 'PATCH', body }).then((r) => r.project),
  regenerateKey: (id: number) =>
    api<ProjectWithKey>(`/api/logs/projects/${id}/regenerate-key`, { method: 'PUT' }),
  retention: (id: number) => api<RetentionInfo>(`/api/logs/projects/${id}/retention`),
  deactivate: (id: number) =>
    api<{ project: Project }>(`/api/logs/projects/${id}`, { method: 'DELETE' }).then((r) => r.project),
};
