/**
 * Store types of alerting (issue 15, src/alerts): rules and their per-group state, the events (history) they
 * produce, notification channels and the delivery log. Part of the Store interface (types.ts), implemented by
 * both backends and checked by the contract suite (contract/alerts.ts). Ids are decimal strings; times epoch ms.
 *
 * Exactly-once: an evaluation's state changes, its events AND their pending deliveries are written in one
 * transaction (`commitAlertEvaluation`), guarded by the rule's `nextRunAt` so two instances that evaluated the
 * same run cannot both commit. Delivery workers `claimAlertDeliveries` with a lease; a row whose lease expired
 * (the process died mid-send) is claimed again as a retry with its lost attempt counted.
 */

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertState = 'ok' | 'pending' | 'firing';
export type AlertEventKind = 'firing' | 'resolved' | 'reminder';
export type AlertChannelType = 'webhook' | 'slack' | 'email';
export type AlertDeliveryStatus = 'pending' | 'sent' | 'failed' | 'retrying';
export type CompareOp = '>' | '>=' | '<' | '<=';

export type AlertCondition =
  | { kind: 'query'; query: string; window_s: number; op: CompareOp; threshold: number; group_by?: string }
  | { kind: 'error_group'; event: 'new' | 'regression' | 'frequency'; window_s?: number; threshold?: number; service?: string }
  | { kind: 'error_rate'; service?: string; route?: string; window_s: number; threshold_pct?: number; baseline_sigma?: number }
  | {
      kind: 'latency';
      service?: string;
      route?: string;
      window_s: number;
      percentile: 50 | 90 | 95 | 99;
      threshold_ms?: number;
      baseline_sigma?: number;
    }
  | { kind: 'silence'; service?: string; window_s: number }
  /** Anomalies (src/insights/anomalies) of a service's volume or error rate in the window; absent metric: both. */
  | { kind: 'anomaly'; service?: string; metric?: 'volume' | 'error_rate'; window_s?: number };

export interface AlertRule {
  id: string;
  projectId: number;
  name: string;
  severity: AlertSeverity;
  intervalS: number;
  forS: number;
  /** 0: never remind. */
  reminderS: number;
  channelIds: string[];
  condition: AlertCondition;
  enabled: boolean;
  mutedUntil: number | null;
  /** When the scheduler evaluates the rule next. */
  nextRunAt: number;
  lastEvaluatedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewAlertRule = Pick<
  AlertRule,
  'projectId' | 'name' | 'severity' | 'intervalS' | 'forS' | 'reminderS' | 'channelIds' | 'condition'
> & { enabled?: boolean; nextRunAt: number };

export type AlertRulePatch = Partial<
  Pick<AlertRule, 'name' | 'severity' | 'intervalS' | 'forS' | 'reminderS' | 'channelIds' | 'condition' | 'enabled' | 'mutedUntil' | 'nextRunAt'>
>;

/** The state of one rule (groupKey '' when ungrouped) or of one group of a grouped rule. */
export interface AlertGroupState {
  ruleId: string;
  groupKey: string;
  state: AlertState;
  /** When the group entered `state`. */
  since: number;
  pendingSince: number | null;
  lastValue: number | null;
  /** When the last firing or reminder event was written (reminders count from it). */
  lastNotifiedAt: number | null;
}

export interface AlertSampleLine {
  timestamp: string;
  level: string;
  service: string;
  message: string;
}

export interface AlertEvent {
  id: string;
  ruleId: string;
  ruleName: string;
  projectId: number;
  groupKey: string | null;
  kind: AlertEventKind;
  severity: AlertSeverity;
  at: number;
  value: number | null;
  threshold: number | null;
  summary: string;
  logsUrl: string;
  sample: AlertSampleLine[];
}

export type NewAlertEvent = Omit<AlertEvent, 'id'>;

export interface AlertChannel {
  id: string;
  projectId: number;
  name: string;
  type: AlertChannelType;
  /** Validated config (src/alerts/channels); the webhook secret lives in `secret`, never in here. */
  config: Record<string, unknown>;
  secret: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export type NewAlertChannel = Pick<AlertChannel, 'projectId' | 'name' | 'type' | 'config' | 'secret'> & { enabled?: boolean };
export type AlertChannelPatch = Partial<Pick<AlertChannel, 'name' | 'config' | 'secret' | 'enabled'>>;

export interface AlertDelivery {
  id: string;
  eventId: string | null;
  channelId: string;
  channelName: string;
  test: boolean;
  status: AlertDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  sentAt: number | null;
  claimedAt: number | null;
  claimedBy: string | null;
  updatedAt: number;
}

/** Everything one evaluation of one rule changes, committed in one transaction. */
export interface AlertEvaluationWrite {
  ruleId: string;
  /** Commit only while the rule's nextRunAt still equals this (another instance did not commit this run). */
  expectNextRunAt: number;
  evaluatedAt: number;
  nextRunAt: number;
  /** Upserted group states. */
  states: AlertGroupState[];
  /** Group states deleted (a group back to ok that no longer needs a row). */
  removeGroupKeys: string[];
  /** Events; each gets one 'pending' delivery per channel of `channelIds` that exists, is enabled and is the rule's project's. */
  events: Array<{ event: NewAlertEvent; channelIds: string[] }>;
}

export interface AlertEvaluationResult {
  committed: boolean;
  eventIds: string[];
}

/** The outcome of one send attempt of a claimed delivery. */
export interface DeliveryAttempt {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** When to try again after a failure; null: give up (status 'failed'). Ignored when ok. */
  nextAttemptAt: number | null;
  at: number;
}

export interface AlertEventQuery {
  projectIds: number[];
  ruleId?: string;
  limit: number;
  /** Only events with an id below this (newest first paging). */
  beforeId?: string;
}

export interface AlertStore {
  // rules
  listAlertRules(projectIds: number[]): Promise<AlertRule[]>;
  getAlertRule(id: string): Promise<AlertRule | null>;
  createAlertRule(rule: NewAlertRule): Promise<AlertRule>;
  updateAlertRule(id: string, patch: AlertRulePatch): Promise<AlertRule | null>;
  /** Deletes the rule with its states; its events and their deliveries stay as history. */
  deleteAlertRule(id: string): Promise<boolean>;
  /** Enabled rules whose nextRunAt <= now, oldest due first. */
  dueAlertRules(now: number, limit: number): Promise<AlertRule[]>;
  listAlertStates(ruleIds: string[]): Promise<AlertGroupState[]>;
  /** Writes states, events and their pending deliveries in one transaction (see AlertEvaluationWrite). */
  commitAlertEvaluation(w: AlertEvaluationWrite): Promise<AlertEvaluationResult>;
  /**
   * Runs `fn` unless another instance evaluates this rule now (PostgreSQL advisory lock; SQLite has one
   * instance): null when it was held.
   */
  withAlertRuleLock<T>(ruleId: string, fn: () => Promise<T>): Promise<T | null>;

  // events
  listAlertEvents(q: AlertEventQuery): Promise<AlertEvent[]>;
  getAlertEvent(id: string): Promise<AlertEvent | null>;
  /** Deletes events (and their deliveries) older than the time; returns the events deleted. */
  pruneAlertEvents(olderThan: number): Promise<number>;

  // channels
  listAlertChannels(projectIds: number[]): Promise<AlertChannel[]>;
  getAlertChannel(id: string): Promise<AlertChannel | null>;
  createAlertChannel(channel: NewAlertChannel): Promise<AlertChannel>;
  updateAlertChannel(id: string, patch: AlertChannelPatch): Promise<AlertChannel | null>;
  /** Deletes the channel and its deliveries. */
  deleteAlertChannel(id: string): Promise<boolean>;

  // deliveries
  /**
   * Claims up to `limit` deliveries that are 'pending' or 'retrying' with nextAttemptAt <= now and no live
   * claim (claimedAt null or older than leaseMs). A row whose lease expired counts that lost attempt and
   * becomes 'retrying'. Two claimers never get the same row.
   */
  claimAlertDeliveries(o: { now: number; workerId: string; leaseMs: number; limit: number }): Promise<AlertDelivery[]>;
  /** Records the attempt of a delivery claimed by `workerId`; false when the claim is no longer theirs. */
  recordDeliveryAttempt(id: string, workerId: string, attempt: DeliveryAttempt): Promise<boolean>;
  /** A 'send test' delivery (eventId null, test true), already attempted once. */
  recordTestDelivery(channelId: string, attempt: Omit<DeliveryAttempt, 'nextAttemptAt'>): Promise<AlertDelivery>;
  /** Deliveries of the events (newest first within each), and test deliveries of a channel. */
  listAlertDeliveries(q: { eventIds?: string[]; channelId?: string; limit?: number }): Promise<AlertDelivery[]>;
}
