import { logsApi } from '../api/logs';
import type { Project } from '../api/types';
import { useAsync } from './useAsync';

export interface ProjectStats {
  services: number;
  logs24h: number;
}

/** Services and last-24-hour volume per project, fetched in parallel through the query API. */
export function useProjectStats(projects: Project[] | undefined) {
  const ids = projects?.map((p) => p.id).join(',') ?? '';
  return useAsync(async (signal) => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const entries = await Promise.all(
      (projects ?? []).map(async (p): Promise<[number, ProjectStats]> => {
        const [services, logs24h] = await Promise.all([
          logsApi.services(p.slug, signal),
          logsApi.count({ project: p.slug, from }, signal),
        ]);
        return [p.id, { services: services.length, logs24h }];
      }),
    );
    return new Map(entries);
  }, [ids]);
}
