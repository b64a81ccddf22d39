/** Domain objects to their snake_case wire shapes. */
import type { LogEntry, Project, ProjectStats, User, UserToken } from '../store/types.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function userView(u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, created_at: iso(u.createdAt) };
}

export function tokenView(t: UserToken) {
  return { id: t.id, name: t.name, prefix: t.prefix, created_at: iso(t.createdAt), last_used_at: isoOrNull(t.lastUsedAt) };
}

export function projectView(p: Project & Partial<ProjectStats>) {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    description: p.description,
    repository_url: p.repositoryUrl,
    active: p.active,
    rate_limit_per_minute: p.rateLimitPerMinute,
    retention_days: p.retentionDays,
    apdex_threshold_ms: p.apdexThresholdMs ?? 500,
    ai_external_allowed: p.aiExternalAllowed,
    key_prefix: p.keyPrefix,
    owner_id: p.ownerId,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
    ...(p.logCount !== undefined ? { log_count: p.logCount, last_log_at: isoOrNull(p.lastLogAt ?? null) } : {}),
  };
}

export function logView(l: LogEntry) {
  return {
    id: l.id,
    project_id: l.projectId,
    timestamp: l.timestamp,
    received_at: l.receivedAt,
    level: l.level,
    service: l.service,
    message: l.message,
    context: l.context,
    environment: l.environment,
    version: l.version,
    host: l.host,
    trace_id: l.traceId,
    span_id: l.spanId,
  };
}
