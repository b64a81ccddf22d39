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
  retention_days: number | null;
  /** Apdex threshold T in ms (docs/performance.md); 500 unless the project sets its own. */
  apdex_threshold_ms?: number;
  /** AI (docs/insights-ai.md): may the project's logs be sent to an external model? Absent on older servers. */
  ai_external_allowed?: boolean;
  key_prefix: string;
  owner_id: number;
  created_at: string;
  updated_at: string;
  log_count?: number;
  last_log_at?: string | null;
  /** Issue 13 (docs/plans.md): the plan assigned by an admin (null: the default plan) and the sampling. */
  plan_id?: number | null;
  sampling?: Record<string, number> | null;
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
  project_id?: number;
  project_slug?: string;
  count: number;
  last_seen_at: string | null;
}

/** GET /api/logs/facets (docs/api.md, Facets). */
export interface FacetCounts {
  total: number;
  levels: Partial<Record<Level, number>>;
  services: Array<{ service: string; project_id: number; project_slug: string; count: number }>;
  field: FieldFacet | null;
}

export interface FieldFacet {
  name: string;
  values: Array<{ value: string; count: number }>;
  missing: number;
  other: number;
  scanned: number;
  sampled: boolean;
}

/** GET /api/logs/fields: a context path (`ctx.a.b`) seen in recent logs. */
export interface ContextField {
  path: string;
  count: number;
  types: Partial<Record<'string' | 'number' | 'boolean' | 'null' | 'array' | 'object', number>>;
}

/** A saved explorer query (docs/api.md, Saved views). */
export interface SavedView {
  id: number;
  name: string;
  query: ViewQuery;
  created_at: string;
  updated_at: string;
}

export interface ViewQuery {
  q: string;
  project: string[];
  service: string[];
  level: Level[];
  from: string | null;
  to: string | null;
  columns: string[];
}

export interface LogContext {
  log: LogEntry;
  before: LogEntry[];
  after: LogEntry[];
}

/** The filters shared by the list, count, histogram and stream endpoints. */
export interface LogFilter {
  projects?: string[];
  /** One project: the overview pages' shorthand for `projects: [slug]`. */
  project?: string;
  services?: string[];
  levels?: Level[];
  from?: string;
  to?: string;
  q?: string;
  ctx?: Record<string, string>;
}
