/**
 * Alerts (docs/alerts.md, issue 15): rules with their state, channels (webhook, Slack, email), the live preview
 * of a rule over the last 24 h and the history of events with their deliveries. Ids are decimal strings.
 */
import { api } from './client';

export type Severity = 'info' | 'warning' | 'critical';
export type RuleState = 'ok' | 'pending' | 'firing';
export type CompareOp = '>' | '>=' | '<' | '<=';
export type ChannelType = 'webhook' | 'slack' | 'email';

export interface QueryCondition {
  kind: 'query';
  query: string;
  window_s: number;
  op: CompareOp;
  threshold: number;
  group_by?: string;
}
export interface ErrorGroupCondition {
  kind: 'error_group';
  event: 'new' | 'regression' | 'frequency';
  window_s?: number;
  threshold?: number;
  service?: string;
}
export interface ErrorRateCondition {
  kind: 'error_rate';
  service?: string;
  route?: string;
  window_s: number;
  threshold_pct?: number;
  baseline_sigma?: number;
}
export interface LatencyCondition {
  kind: 'latency';
  service?: string;
  route?: string;
  window_s: number;
  percentile: 50 | 90 | 95 | 99;
  threshold_ms?: number;
  baseline_sigma?: number;
}
export interface SilenceCondition {
  kind: 'silence';
  service?: string;
  window_s: number;
}
/** Anomalies of a service's volume or error rate in the window (docs/insights.md); metric absent: both. */
export interface AnomalyCondition {
  kind: 'anomaly';
  service?: string;
  metric?: 'volume' | 'error_rate';
  window_s?: number;
}
export type Condition = QueryCondition | ErrorGroupCondition | ErrorRateCondition | LatencyCondition | SilenceCondition | AnomalyCondition;
export type ConditionKind = Condition['kind'];

export interface RuleInput {
  project_id: number;
  name: string;
  severity: Severity;
  interval_s: number;
  for_s: number;
  reminder_s: number;
  channel_ids: string[];
  condition: Condition;
}

export interface RuleGroupState {
  group: string;
  state: RuleState;
  since: string;
  value: number | null;
}

export interface Rule extends RuleInput {
  id: string;
  enabled: boolean;
  created_at: string;
  updated_at: string;
  muted_until: string | null;
  state: RuleState;
  state_since: string;
  last_evaluated_at: string | null;
  last_value: number | null;
  groups: RuleGroupState[];
}

export interface PreviewPoint {
  at: string;
  value: number | null;
  threshold: number | null;
  state: RuleState;
}

export interface Preview {
  fired: number;
  evaluations: number;
  from: string;
  to: string;
  points: PreviewPoint[];
  firings: Array<{ at: string; resolved_at: string | null; group: string | null; value: number | null }>;
}

export interface Channel {
  id: string;
  project_id: number;
  name: string;
  type: ChannelType;
  enabled: boolean;
  /** The redacted view: a webhook shows `has_secret`, a Slack URL has its path elided. */
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** The 201 answer of a webhook channel created without a secret carries the generated one, once. */
export type CreatedChannel = Channel & { secret?: string };

export interface ChannelInput {
  project_id: number;
  name: string;
  type: ChannelType;
  config: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  channel_id: string;
  channel_name: string;
  event_id: string | null;
  test: boolean;
  status: 'pending' | 'sent' | 'failed' | 'retrying';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  updated_at: string;
}

export interface AlertSample {
  id?: string;
  timestamp: string;
  level: string;
  service?: string;
  service_name?: string;
  message: string;
}

export interface AlertEvent {
  id: string;
  rule_id: string;
  rule_name: string;
  project_id: number;
  group: string | null;
  kind: 'firing' | 'resolved' | 'reminder';
  severity: Severity;
  at: string;
  value: number | null;
  threshold: number | null;
  summary: string;
  logs_url: string;
  sample: AlertSample[];
  deliveries: Delivery[];
}

type Options = { signal?: AbortSignal };
const rule = (id: string) => `/api/alerts/rules/${encodeURIComponent(id)}`;
const channel = (id: string) => `/api/alerts/channels/${encodeURIComponent(id)}`;

export const alertsApi = {
  rules: (projectId: number, { signal }: Options = {}) =>
    api<{ data: Rule[] }>('/api/alerts/rules', { query: { project_id: projectId }, signal }).then((r) => r.data),
  rule: (id: string, { signal }: Options = {}) => api<Rule>(rule(id), { signal }),
  createRule: (body: RuleInput) => api<Rule>('/api/alerts/rules', { method: 'POST', body }),
  updateRule: (id: string, body: Partial<RuleInput> & { enabled?: boolean }) => api<Rule>(rule(id), { method: 'PATCH', body }),
  deleteRule: (id: string) => api<void>(rule(id), { method: 'DELETE' }),
  mute: (id: string, minutes: number) => api<Rule>(`${rule(id)}/mute`, { method: 'POST', body: { minutes } }),
  unmute: (id: string) => api<Rule>(`${rule(id)}/mute`, { method: 'DELETE' }),
  preview: (body: RuleInput, { signal }: Options = {}) => api<Preview>('/api/alerts/preview', { method: 'POST', body, signal }),

  channels: (projectId: number, { signal }: Options = {}) =>
    api<{ data: Channel[] }>('/api/alerts/channels', { query: { project_id: projectId }, signal }).then((r) => r.data),
  createChannel: (body: ChannelInput) => api<CreatedChannel>('/api/alerts/channels', { method: 'POST', body }),
  updateChannel: (id: string, body: { name?: string; config?: Record<string, unknown>; enabled?: boolean }) =>
    api<Channel>(channel(id), { method: 'PATCH', body }),
  deleteChannel: (id: string) => api<void>(channel(id), { method: 'DELETE' }),
  testChannel: (id: string) => api<{ delivery: Delivery }>(`${channel(id)}/test`, { method: 'POST', body: {} }).then((r) => r.delivery),

  events: (query: { project_id: number; rule_id?: string; limit?: number; cursor?: string }, { signal }: Options = {}) =>
    api<{ data: AlertEvent[]; next_cursor: string | null }>('/api/alerts/events', { query, signal }),
};
