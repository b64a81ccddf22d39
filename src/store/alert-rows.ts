/** Maps alert rows (same column names on both stores; JSON as text on SQLite, parsed jsonb on PostgreSQL). */
import type {
  AlertChannel,
  AlertCondition,
  AlertDelivery,
  AlertDeliveryStatus,
  AlertEvent,
  AlertGroupState,
  AlertRule,
  AlertSampleLine,
  DeliveryAttempt,
} from './alerts-types.js';

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const bool = (v: unknown) => v === true || v === 1;

export function toAlertRule(r: Row): AlertRule {
  return {
    id: String(r.id),
    projectId: num(r.project_id),
    name: String(r.name),
    severity: r.severity as AlertRule['severity'],
    intervalS: num(r.interval_s),
    forS: num(r.for_s),
    reminderS: num(r.reminder_s),
    channelIds: json<Array<string | number>>(r.channel_ids).map(String),
    condition: json<AlertCondition>(r.condition),
    enabled: bool(r.enabled),
    mutedUntil: numOrNull(r.muted_until),
    nextRunAt: num(r.next_run_at),
    lastEvaluatedAt: numOrNull(r.last_evaluated_at),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export function toAlertState(r: Row): AlertGroupState {
  return {
    ruleId: String(r.rule_id),
    groupKey: String(r.group_key),
    state: r.state as AlertGroupState['state'],
    since: num(r.since),
    pendingSince: numOrNull(r.pending_since),
    lastValue: numOrNull(r.last_value),
    lastNotifiedAt: numOrNull(r.last_notified_at),
  };
}

export function toAlertEvent(r: Row): AlertEvent {
  return {
    id: String(r.id),
    ruleId: String(r.rule_id),
    ruleName: String(r.rule_name),
    projectId: num(r.project_id),
    groupKey: (r.group_key as string | null) ?? null,
    kind: r.kind as AlertEvent['kind'],
    severity: r.severity as AlertEvent['severity'],
    at: num(r.at),
    value: numOrNull(r.value),
    threshold: numOrNull(r.threshold),
    summary: String(r.summary),
    logsUrl: String(r.logs_url),
    sample: json<AlertSampleLine[]>(r.sample),
  };
}

export function toAlertChannel(r: Row): AlertChannel {
  return {
    id: String(r.id),
    projectId: num(r.project_id),
    name: String(r.name),
    type: r.type as AlertChannel['type'],
    config: json<Record<string, unknown>>(r.config),
    secret: (r.secret as string | null) ?? null,
    enabled: bool(r.enabled),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export function toAlertDelivery(r: Row): AlertDelivery {
  return {
    id: String(r.id),
    eventId: r.event_id === null || r.event_id === undefined ? null : String(r.event_id),
    channelId: String(r.channel_id),
    channelName: String(r.channel_name ?? ''),
    test: bool(r.test),
    status: r.status as AlertDeliveryStatus,
    attempts: num(r.attempts),
    lastStatusCode: numOrNull(r.last_status_code),
    lastError: (r.last_error as string | null) ?? null,
    nextAttemptAt: numOrNull(r.next_attempt_at),
    sentAt: numOrNull(r.sent_at),
    claimedAt: numOrNull(r.claimed_at),
    claimedBy: (r.claimed_by as string | null) ?? null,
    updatedAt: num(r.updated_at),
  };
}

/** The columns an attempt sets, in this order: status, last_status_code, last_error, next_attempt_at, sent_at. */
export function attemptColumns(a: DeliveryAttempt): [AlertDeliveryStatus, number | null, string | null, number | null, number | null] {
  if (a.ok) return ['sent', a.statusCode, null, null, a.at];
  return [a.nextAttemptAt === null ? 'failed' : 'retrying', a.statusCode, a.error, a.nextAttemptAt, null];
}

/** What the log shows for an attempt lost with its process (the lease expired before a result was recorded). */
export const LEASE_EXPIRED_ERROR = 'attempt lost: the sending process stopped before recording a result (lease expired)';

/** Ids arrive as decimal strings; an id no row can have is answered as "not found" without a query. */
export const isAlertId = (id: string) => /^[1-9]\d{0,17}$/.test(id);
