/**
 * Performance analytics (docs/performance.md): RED metrics and latency percentiles merged from per-minute
 * sketches. Durations are milliseconds, rates per minute, error_rate 0..1. Every call names one project.
 */
import { api } from './client';
import type { LogEntry } from './types';

export interface PerfStats {
  count: number;
  rate_per_min: number;
  errors: number;
  error_rate: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  total_ms: number;
  apdex: number | null;
}

export interface PerfScope {
  project: string;
  service?: string;
  route?: string;
  /** With `route`: one method of it (GET /orders and POST /orders are two rows). */
  method?: string;
  env?: string;
  from?: string;
  to?: string;
}

export interface PerfSummary {
  project_id: number;
  from: string;
  to: string;
  apdex_threshold_ms: number;
  relative_accuracy: number;
  current: PerfStats;
  previous: PerfStats;
}

export type RouteSort = 'p95' | 'rate' | 'error_rate' | 'total_ms' | 'count';

export interface PerfRoute extends PerfStats {
  service: string;
  route: string;
  kind: 'http' | 'operation';
  method: string | null;
  previous: PerfStats | null;
  slower: boolean;
  p95_change: number | null;
  /** p95 per bucket, 24 buckets over the range. */
  spark: number[];
}

export interface PerfService extends PerfStats {
  service: string;
  previous: PerfStats | null;
  slower: boolean;
  p95_change: number | null;
}

export type PerfMetric = 'p50' | 'p90' | 'p95' | 'p99' | 'rate' | 'errors' | 'error_rate' | 'apdex';
export type PerfSplit = 'none' | 'route' | 'service' | 'version';

export interface PerfTimeseries {
  step_ms: number;
  buckets: number[];
  series: Array<{ key: string; values: Array<number | null> }>;
}

export interface PerfDistribution {
  buckets: Array<{ lower_ms: number; upper_ms: number; count: number }>;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface PerfCompare {
  a: PerfStats;
  b: PerfStats;
  routes: Array<{ service: string; route: string; a: PerfStats | null; b: PerfStats | null; p95_change: number | null }>;
}

type Options = { signal?: AbortSignal };

export const perfApi = {
  summary: (scope: PerfScope, { signal }: Options = {}) => api<PerfSummary>('/api/perf/summary', { query: { ...scope }, signal }),
  routes: (scope: PerfScope & { sort?: RouteSort; order?: 'asc' | 'desc'; limit?: number }, { signal }: Options = {}) =>
    api<{ data: PerfRoute[]; slower_threshold: number }>('/api/perf/routes', { query: { ...scope }, signal }),
  services: (scope: PerfScope, { signal }: Options = {}) =>
    api<{ data: PerfService[] }>('/api/perf/services', { query: { ...scope }, signal }).then((r) => r.data),
  timeseries: (scope: PerfScope & { metric: PerfMetric[]; by?: PerfSplit; step?: number }, { signal }: Options = {}) =>
    api<PerfTimeseries>('/api/perf/timeseries', { query: { ...scope, metric: scope.metric }, signal }),
  distribution: (scope: PerfScope, { signal }: Options = {}) => api<PerfDistribution>('/api/perf/distribution', { query: { ...scope }, signal }),
  slowest: (scope: PerfScope & { limit?: number }, { signal }: Options = {}) =>
    api<{ data: LogEntry[] }>('/api/perf/slowest', { query: { ...scope }, signal }).then((r) => r.data),
  compare: (
    scope: PerfScope & { a_from?: string; a_to?: string; b_from?: string; b_to?: string; a_version?: string; b_version?: string },
    { signal }: Options = {},
  ) => api<PerfCompare>('/api/perf/compare', { query: { ...scope }, signal }),
};
