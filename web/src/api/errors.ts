/** Error groups (docs/api.md, Errors): list, one group with its stack and tags, its events, status changes. */
import { api } from './client';
import type { Level, LogEntry, LogPage, User } from './types';

export type ErrorStatus = 'unresolved' | 'resolved' | 'resolved_next_release' | 'ignored';
export type ErrorSort = 'last_seen' | 'count' | 'first_seen' | 'trend';

export interface ErrorGroup {
  id: string;
  project: string;
  project_id: number;
  fingerprint: string;
  title: string;
  culprit: string;
  type: string | null;
  level: Level;
  status: ErrorStatus;
  regressed: boolean;
  is_new: boolean;
  regressed_at: string | null;
  first_seen: string;
  last_seen: string;
  count: number;
  services: string[];
  hosts_affected: number;
  environments: string[];
  first_release: string | null;
  last_release: string | null;
  assignee: Pick<User, 'id' | 'name' | 'email'> | null;
  ignore_until: string | null;
  ignore_count: number | null;
  note: string;
  /** 24 hourly counts, oldest first, ending at the current hour. */
  sparkline: number[];
}

/** One stack frame, parsed on the server from the latest event's stack. */
export interface Frame {
  file: string;
  function: string;
  line: number | null;
  column: number | null;
  in_app: boolean;
  raw: string;
}

export interface TagValue {
  value: string;
  count: number;
  first_seen: string;
  last_seen: string;
}

export type TagName = 'service' | 'host' | 'version' | 'environment';

export interface ErrorGroupDetail extends ErrorGroup {
  latest_event: LogEntry | null;
  first_event: LogEntry | null;
  frames: Frame[];
  tags: Partial<Record<TagName, TagValue[]>>;
  /** Logs before the latest event (same service, and trace when it has one), oldest first. */
  breadcrumbs: LogEntry[];
  merged_fingerprints: string[];
}

export interface ErrorListQuery {
  projects?: string[];
  /** One status, any of several, or all. */
  status?: ErrorStatus | readonly ErrorStatus[] | 'all';
  q?: string;
  sort?: ErrorSort;
  isNew?: boolean;
  limit?: number;
  cursor?: string | null;
}

export interface ErrorPatch {
  status?: ErrorStatus;
  assignee_id?: number | null;
  note?: string;
  ignore_until?: string | null;
  ignore_count?: number | null;
}

const path = (id: string) => `/api/errors/${encodeURIComponent(id)}`;

export const errorsApi = {
  list: (query: ErrorListQuery, signal?: AbortSignal) =>
    api<{ data: ErrorGroup[]; next_cursor: string | null }>('/api/errors', {
      query: {
        project: query.projects,
        status: typeof query.status === 'object' ? query.status.join(',') : query.status,
        q: query.q,
        sort: query.sort,
        new: query.isNew ? 1 : undefined,
        limit: query.limit,
        cursor: query.cursor ?? undefined,
      },
      signal,
    }),
  get: (id: string, signal?: AbortSignal) => api<ErrorGroupDetail>(path(id), { signal }),
  events: (id: string, cursor: string | null, limit = 25, signal?: AbortSignal) =>
    api<LogPage>(`${path(id)}/events`, { query: { cursor: cursor ?? undefined, limit }, signal }),
  update: (id: string, patch: ErrorPatch) => api<ErrorGroup>(path(id), { method: 'PATCH', body: patch }),
  /** Folds the sources (groups of the target's project) into the target: their events count there from now on. */
  merge: (targetId: string, sourceIds: string[]) =>
    api<ErrorGroup>(`${path(targetId)}/merge`, { method: 'POST', body: { source_ids: sourceIds } }),
  bulk: (ids: string[], change: Pick<ErrorPatch, 'status' | 'ignore_until' | 'ignore_count'>) =>
    api<{ updated: number }>('/api/errors/bulk', { method: 'POST', body: { ids, ...change } }),
};
