import type { Project } from '../api/types';
import { storageApi } from '../api/storage';
import { useAsync } from './useAsync';

/** Estimated bytes per project (the projects page's storage column and total), read again with the list. */
export function useProjectStorage(projects: Project[] | undefined) {
  const ids = projects?.map((p) => `${p.id}:${p.log_count ?? 0}`).join(',') ?? '';
  return useAsync(async (signal) => {
    const overview = await storageApi.get(signal);
    return { overview, byProject: new Map(overview.data.map((p) => [p.project_id, p])) };
  }, [ids]);
}
