/** Maps PostgreSQL rows to the Store's types. bigint columns arrive as strings from pg. */
import { LEVELS, type LogEntry, type Project, type StoredLog, type User, type UserToken } from '../types.js';

type Row = Record<string, any>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const LOG_COLUMNS =
  'id, project_id, ts, received_at, level, service, message, context, environment, version, host, trace_id, span_id';

export function toLogEntry(r: Row): LogEntry {
  return {
    id: String(r.id),
    projectId: r.project_id,
    timestamp: new Date(num(r.ts)).toISOString(),
    receivedAt: new Date(num(r.received_at)).toISOString(),
    level: LEVELS[r.level] ?? 'INFO',
    service: r.service,
    message: r.message,
    context: r.context as Record<string, unknown>, // jsonb arrives parsed
    environment: r.environment,
    version: r.version,
    host: r.host,
    traceId: r.trace_id,
    spanId: r.span_id,
  };
}

export function toStoredLog(r: Row): StoredLog {
  return {
    id: String(r.id),
    projectId: r.project_id,
    ts: num(r.ts),
    receivedAt: num(r.received_at),
    level: LEVELS[r.level] ?? 'INFO',
    service: r.service,
    message: r.message,
    context: JSON.stringify(r.context), // jsonb arrives parsed; its own text form has spaces
    environment: r.environment,
    version: r.version,
    host: r.host,
    traceId: r.trace_id,
    spanId: r.span_id,
  };
}

export const USER_COLUMNS = 'id, email, name, role, disabled, created_at';

export function toUser(r: Row): User {
  return { id: r.id, email: r.email, name: r.name, role: r.role, disabled: r.disabled, createdAt: num(r.created_at) };
}

export const PROJECT_COLUMNS =
  'id, owner_id, name, slug, description, repository_url, active, rate_limit_per_minute, key_prefix, created_at, updated_at, retention_days';

export function toProject(r: Row): Project {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    repositoryUrl: r.repository_url,
    active: r.active,
    rateLimitPerMinute: r.rate_limit_per_minute,
    retentionDays: r.retention_days,
    keyPrefix: r.key_prefix,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export const TOKEN_COLUMNS = 'id, user_id, name, prefix, created_at, last_used_at';

export function toToken(r: Row): UserToken {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    prefix: r.prefix,
    createdAt: num(r.created_at),
    lastUsedAt: numOrNull(r.last_used_at),
  };
}
