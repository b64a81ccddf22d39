import { api } from './client';
import type { SavedView, ViewQuery } from './types';

/** Saved views are private to the signed-in user; sharing is by the explorer URL. */
export const viewsApi = {
  list: (signal?: AbortSignal) => api<{ data: SavedView[] }>('/api/views', { signal }).then((r) => r.data),
  get: (id: number | string, signal?: AbortSignal) =>
    api<{ view: SavedView }>(`/api/views/${encodeURIComponent(id)}`, { signal }).then((r) => r.view),
  create: (name: string, query: ViewQuery) =>
    api<{ view: SavedView }>('/api/views', { method: 'POST', body: { name, query } }).then((r) => r.view),
  update: (id: number, patch: { name?: string; query?: ViewQuery }) =>
    api<{ view: SavedView }>(`/api/views/${id}`, { method: 'PATCH', body: patch }).then((r) => r.view),
  remove: (id: number) => api<void>(`/api/views/${id}`, { method: 'DELETE' }),
};
