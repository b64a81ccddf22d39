/** Alert rules, events and deliveries as the API shows them (snake_case, ISO times). */
import type { Preview } from '../alerts/preview.js';
import type { EventWithDeliveries, RuleWithState } from '../alerts/rules.js';
import type { AlertDelivery, AlertGroupState } from '../store/alerts-types.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const RANK = { ok: 0, pending: 1, firing: 2 } as const;

/** The rule's state: its own when ungrouped, else the worst of its groups. */
function overall(states: AlertGroupState[]): AlertGroupState | null {
  let worst: AlertGroupState | null = null;
  for (const s of states) if (!worst || RANK[s.state] > RANK[worst.state]) worst = s;
  return worst;
}

export function ruleView(r: RuleWithState) {
  const top = overall(r.states);
  return {
    id: r.id,
    project_id: r.projectId,
    name: r.name,
    severity: r.severity,
    interval_s: r.intervalS,
    for_s: r.forS,
    reminder_s: r.reminderS,
    channel_ids: r.channelIds,
    condition: r.condition,
    enabled: r.enabled,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    muted_until: isoOrNull(r.mutedUntil),
    state: top?.state ?? 'ok',
    state_since: top ? iso(top.since) : null,
    last_evaluated_at: isoOrNull(r.lastEvaluatedAt),
    last_value: top?.lastValue ?? null,
    groups: r.states.filter((s) => s.groupKey !== '').map((s) => ({ group: s.groupKey, state: s.state, since: iso(s.since), value: s.lastValue })),
  };
}

export function deliveryView(d: AlertDelivery) {
  return {
    id: d.id,
    channel_id: d.channelId,
    channel_name: d.channelName,
    event_id: d.eventId,
    test: d.test,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    next_attempt_at: isoOrNull(d.nextAttemptAt),
    sent_at: isoOrNull(d.sentAt),
    updated_at: iso(d.updatedAt),
  };
}

export function eventView(e: EventWithDeliveries) {
  return {
    id: e.id,
    rule_id: e.ruleId,
    rule_name: e.ruleName,
    project_id: e.projectId,
    group: e.groupKey,
    kind: e.kind,
    severity: e.severity,
    at: iso(e.at),
    value: e.value,
    threshold: e.threshold,
    summary: e.summary,
    logs_url: e.logsUrl,
    sample: e.sample,
    deliveries: e.deliveries.map(deliveryView),
  };
}

export function previewView(p: Preview) {
  return {
    fired: p.fired,
    evaluations: p.evaluations,
    from: iso(p.from),
    to: iso(p.to),
    points: p.points.map((x) => ({ at: iso(x.at), value: x.value, threshold: x.threshold, state: x.state })),
    firings: p.firings.map((f) => ({ at: iso(f.at), resolved_at: isoOrNull(f.resolvedAt), group: f.group, value: f.value })),
  };
}
