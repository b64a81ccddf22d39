/** Wire shapes of the public HTTP API (docs/api.md). Field names are snake_case as on the wire. */

export type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export const LEVELS: readonly Level[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export interface User {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'member';
  disabled: boolean;
  created_at: string;
}

export interface Project {
  id: number;
  name: string;
  slug: string;
  description: string;
  repository_url: string | null;
  active: boolean;
  rate_limit_per_minute: number | null;
  key_prefix: string;
  owner_id: number;
  created_at: string;
  updated_at: string;
  log_count?: number;
  last_log_at?: string | null;
}

export interface ProjectWithKey {
  project: Project;
  api_key: string;
}

export interface LogEntry {
  id: string;
  project_id: number;
  timestamp: string;
  received_at: string;
  level: Level;
  service: string;
  message: string;
  context: Record<string, unknown>;
  environment: string | null;
  version: string | null;
  host: string | null;
  trace_id: string | null;
  span_id: string | null;
}

export interface LogPage {
  data: LogEntry[];
  next_cursor: string | null;
}

export interface HistogramBucket {
  ts: string | number;
  total: number;
  counts: Partial<Record<Level, number>>;
}

export interface Histogram {
  interval_ms: number;
  from: string;
  to: string;
  buckets: HistogramBucket[];
}

export interface ServiceSummary {
  service: string;
  count: number;
  last_seen_at: string | null;
}

export interface LogContext {
  log: LogEntry;
  before: LogEntry[];
  after: LogEntry[];
}

/** The filters shared by the list, count, histogram and stream endpoints. */
export interface LogFilter {
  project?: string;
  services?: string[];
  levels?: Level[];
  from?: string;
  to?: string;
  q?: string;
  ctx?: Record<string, string>;
}
