import { api } from './client';

export interface UsageCounts {
  accepted: number;
  sampled_out: number;
  refused: number;
}

export interface ProjectUsage {
  project_id: number;
  plan: { id: number; slug: string; name: string; daily_quota: number | null; rate_limit_per_minute: number | null };
  sampling: Record<string, number> | null;
  today: { day: string; accepted: number; quota: number | null; remaining: number | null; reset_at: string };
  days: Array<UsageCounts & { day: string; sent: number; by_level: Record<string, UsageCounts> }>;
}

export const usageApi = {
  get: (project: number | string, days: number, signal?: AbortSignal) =>
    api<ProjectUsage>(`/api/logs/projects/${encodeURIComponent(project)}/usage?days=${days}`, { signal }),
};

/** Share of today's quota used, or null when the plan is unlimited. */
export function quotaShare(u: ProjectUsage): number | null {
  return u.today.quota ? u.today.accepted / u.today.quota : null;
}
