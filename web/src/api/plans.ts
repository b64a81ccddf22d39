/** /api/plans: named plans with a daily log quota and a rate limit per minute (admins edit; docs/plans.md). */
import { api } from './client';

export interface Plan {
  id: number;
  slug: string;
  name: string;
  /** Logs per UTC day; null: unlimited. */
  daily_quota: number | null;
  /** Ingest requests per minute; null: the server default. */
  rate_limit_per_minute: number | null;
  /** The plan of projects without one (DEVSMITH_DEFAULT_PLAN). */
  default: boolean;
}

export interface PlanInput {
  slug: string;
  name: string;
  daily_quota: number | null;
  rate_limit_per_minute: number | null;
}

export const plansApi = {
  list: (signal?: AbortSignal) => api<{ data: Plan[] }>('/api/plans', { signal }).then((r) => r.data),
  create: (body: PlanInput) => api<{ plan: Plan }>('/api/plans', { method: 'POST', body }).then((r) => r.plan),
  update: (id: number, body: Partial<PlanInput>) => api<{ plan: Plan }>(`/api/plans/${id}`, { method: 'PATCH', body }).then((r) => r.plan),
};
