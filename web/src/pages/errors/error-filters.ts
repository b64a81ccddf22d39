/**
 * The Errors page's state lives in the URL, like the explorer's:
 * /errors?project=shop,blog&status=resolved&sort=count&q=payment
 * Defaults (all projects, unresolved, last seen, no text) are left out of the URL.
 */
import type { ErrorSort, ErrorStatus } from '../../api/errors';

/**
 * "Resolved" holds both resolved states (the row's badge tells "Resolved in next release" apart): someone
 * looking for a fixed problem should not have to know which of the two it was closed with.
 */
export type StatusTab = 'unresolved' | 'resolved' | 'ignored' | 'all';

export interface ErrorFilters {
  projects: string[];
  status: StatusTab;
  sort: ErrorSort;
  q: string;
}

export const STATUS_TABS: ReadonlyArray<{ id: StatusTab; label: string }> = [
  { id: 'unresolved', label: 'Unresolved' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'ignored', label: 'Ignored' },
  { id: 'all', label: 'All' },
];

export const SORTS: ReadonlyArray<{ id: ErrorSort; label: string }> = [
  { id: 'last_seen', label: 'Last seen' },
  { id: 'count', label: 'Events' },
  { id: 'first_seen', label: 'First seen' },
  { id: 'trend', label: 'Trend (24 h)' },
];

/** The API's `status` for a tab. */
export function tabStatuses(tab: StatusTab): ErrorStatus[] | 'all' {
  return tab === 'all' ? 'all' : tab === 'resolved' ? ['resolved', 'resolved_next_release'] : [tab];
}

const oneOf = <T extends string>(value: string | null, options: ReadonlyArray<{ id: T }>, fallback: T): T =>
  options.find((o) => o.id === value)?.id ?? fallback;

export function parseErrorFilters(search: URLSearchParams): ErrorFilters {
  return {
    projects: search.getAll('project').flatMap((v) => v.split(',')).filter(Boolean),
    // Links made when "Next release" was a tab of its own open the tab that holds it now.
    status: oneOf(search.get('status') === 'resolved_next_release' ? 'resolved' : search.get('status'), STATUS_TABS, 'unresolved'),
    sort: oneOf(search.get('sort'), SORTS, 'last_seen'),
    q: search.get('q') ?? '',
  };
}

export function errorsUrl(filters: Partial<ErrorFilters> = {}): string {
  const params = new URLSearchParams();
  if (filters.projects?.length) params.set('project', filters.projects.join(','));
  if (filters.status && filters.status !== 'unresolved') params.set('status', filters.status);
  if (filters.sort && filters.sort !== 'last_seen') params.set('sort', filters.sort);
  if (filters.q) params.set('q', filters.q);
  const text = params.toString();
  return text ? `/errors?${text}` : '/errors';
}

/** `/explore?project=<slug>&q=error:<id>`: the group's logs in the explorer. */
export function groupLogsUrl(project: string, id: string): string {
  return `/explore?${new URLSearchParams({ project, q: `error:${id}` }).toString()}`;
}
