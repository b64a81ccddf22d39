import { api } from './client';
import type { Project, ProjectWithKey } from './types';

export interface ProjectInput {
  name: string;
  slug?: string;
  description?: string;
  repository_url?: string | null;
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
  deactivate: (id: number) =>
    api<{ project: Project }>(`/api/logs/projects/${id}`, { method: 'DELETE' }).then((r) => r.project),
};
