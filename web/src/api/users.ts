import { api } from './client';
import type { User } from './types';

/** Admins only: members get 403, so callers ask only when the signed-in user is an admin. */
export const usersApi = {
  list: (signal?: AbortSignal) => api<{ data: User[] }>('/api/users', { signal }).then((r) => r.data),
};
