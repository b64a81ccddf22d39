import { api, toQueryString, type Query } from './client';
import type { ContextField, FacetCounts, Histogram, LogContext, LogFilter, LogPage, ServiceSummary } from './types';

/** Turns a filter into the query parameters every log endpoint shares. */
export function filterQuery(filter: LogFilter): Query {
  const query: Query = {
    project: filter.projects?.length ? filter.projects : filter.project,
    service: filter.services,
    level: filter.levels,
    from: filter.from,
    to: filter.to,
    q: filter.q,
  };
  for (const [field, value] of Object.entries(filter.ctx ?? {})) query[`ctx.${field}`] = value;
  return query;
}

export const logsApi = {
  list: (filter: LogFilter, opts: { limit?: number; cursor?: string | null; signal?: AbortSignal } = {}) =>
    api<LogPage>('/api/logs', {
      query: { ...filterQuery(filter), limit: opts.limit, cursor: opts.cursor ?? undefined },
      signal: opts.signal,
    }),
  count: (filter: LogFilter, signal?: AbortSignal) =>
    api<{ count: number }>('/api/logs/count', { query: filterQuery(filter), signal }).then((r) => r.count),
  histogram: (filter: LogFilter, interval?: string, signal?: AbortSignal) =>
    api<Histogram>('/api/logs/histogram', { query: { ...filterQuery(filter), interval }, signal }),
  /** Services of the given projects (every readable project when empty), one entry per project and service. */
  services: (projects: string | string[], signal?: AbortSignal) =>
    api<{ data: ServiceSummary[] }>('/api/logs/services', { query: { project: projects }, signal }).then((r) => r.data),
  facets: (filter: LogFilter, field: string | undefined, signal?: AbortSignal) =>
    api<FacetCounts>('/api/logs/facets', { query: { ...filterQuery(filter), field, limit: field ? 15 : undefined }, signal }),
  fields: (filter: LogFilter, signal?: AbortSignal) =>
    api<{ data: ContextField[] }>('/api/logs/fields', { query: { ...filterQuery(filter), limit: 300 }, signal }).then((r) => r.data),
  context: (id: string, before = 10, after = 10, signal?: AbortSignal) =>
    api<LogContext>(`/api/logs/${encodeURIComponent(id)}/context`, { query: { before, after }, signal }),
  /** CSV takes the chosen context columns between the standard ones and the message. */
  exportUrl: (filter: LogFilter, format: 'ndjson' | 'csv', columns: string[] = []) =>
    '/api/logs/export' +
    toQueryString({
      ...filterQuery(filter),
      format,
      columns: format === 'csv' && columns.length ? ['timestamp', 'level', 'project', 'service', ...columns, 'message', 'context'] : undefined,
    }),
  streamUrl: (filter: LogFilter) => '/api/logs/stream' + toQueryString(filterQuery(filter)),
};
