/** Maps SQLite rows to the Store's types. */
import { coldColumn } from './cold.js';
import { LEVELS, type LogEntry, type Project, type User, type UserToken } from '../types.js';

export interface LogDbRow {
  id: number | bigint;
  project_id: number;
  ts: number;
  received_at: number;
  level: number;
  service: string;
  message: string;
  context: string;
  environment: string | null;
  version: string | null;
  host: string | null;
  trace_id: string | null;
  span_id: string | null;
  fingerprint?: string | null;
}

/**
 * A log row's columns for `toLogEntry`, from `logs` under the alias `l`. Contexts are stored as JSONB (rows
 * written by earlier releases hold text); `json()` gives the same text for both. Cold rows' message, context,
 * environment, version and host come from their block (cold.ts).
 */
export const LOG_COLUMNS = `l.id, l.project_id, l.ts, ${coldColumn('l', 'received_at')} AS received_at, l.level, l.service, ${coldColumn('l', 'message')} AS message, json(${coldColumn('l', 'context')}) AS context, ${coldColumn('l', 'environment')} AS environment, ${coldColumn('l', 'version')} AS version, ${coldColumn('l', 'host')} AS host, l.trace_id, l.span_id, l.fingerprint`;

export function toLogEntry(r: LogDbRow): LogEntry {
  const e: LogEntry = {
    id: String(r.id),
    projectId: r.project_id,
    timestamp: new Date(r.ts).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    level: LEVELS[r.level] ?? 'INFO',
    service: r.service,
    message: r.message,
    context: JSON.parse(r.context) as Record<string, unknown>,
    environment: r.environment,
    version: r.version,
    host: r.host,
    traceId: r.trace_id,
    spanId: r.span_id,
  };
  if (r.fingerprint) e.fingerprint = r.fingerprint;
  return e;
}

export function toUser(r: any): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    disabled: r.disabled === 1,
    createdAt: r.created_at,
  };
}

export function toProject(r: any): Project {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    repositoryUrl: r.repository_url,
    active: r.active === 1,
    rateLimitPerMinute: r.rate_limit_per_minute,
    retentionDays: r.retention_days,
    apdexThresholdMs: r.apdex_threshold_ms ?? null,
    aiExternalAllowed: r.ai_external_allowed === 1,
    keyPrefix: r.key_prefix,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toToken(r: any): UserToken {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  };
}
