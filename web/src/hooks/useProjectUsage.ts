import type { Project } from '../api/types';
import { usageApi, type ProjectUsage } from '../api/usage';
import { useAsync } from './useAsync';

/** Today's usage and plan of each project (the projects page's quota column and banner). */
export function useProjectUsage(projects: Project[] | undefined) {
  const ids = projects?.map((p) => p.id).join(',') ?? '';
  return useAsync(async (signal) => {
    const entries = await Promise.all(
      (projects ?? []).map(async (p): Promise<[number, ProjectUsage]> => [p.id, await usageApi.get(p.id, 1, signal)]),
    );
    return new Map(entries);
  }, [ids]);
}
