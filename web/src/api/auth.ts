import { api } from './client';
import type { User } from './types';

export const authApi = {
  status: () => api<{ setup_required: boolean }>('/api/auth/status'),
  setup: (body: { email: string; password: string; name: string }) =>
    api<{ user: User }>('/api/auth/setup', { method: 'POST', body }),
  login: (body: { email: string; password: string }) =>
    api<{ user: User }>('/api/auth/login', { method: 'POST', body }),
  logout: () => api<void>('/api/auth/logout', { method: 'POST' }),
  me: () => api<{ user: User }>('/api/auth/me'),
};
