/** TypeBox schemas of /api/alerts rules, preview and events (alerts-api.md): validation, responses, OpenAPI. */
import { Type, type TSchema } from '@sinclair/typebox';

const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const AlertId = Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'a decimal id' });
const Window = Type.Integer({ minimum: 60, maximum: 86_400, description: 'seconds, whole minutes' });
const Service = Type.String({ minLength: 1, maxLength: 200 });
const Route = Type.String({ minLength: 1, maxLength: 500 });
const Severity = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]);
const Op = Type.Union([Type.Literal('>'), Type.Literal('>='), Type.Literal('<'), Type.Literal('<=')]);
const closed = { additionalProperties: false } as const;

export const Condition = Type.Union([
  Type.Object({
    kind: Type.Literal('query'),
    query: Type.String({ maxLength: 2048, description: 'search language (docs/search.md)' }),
    window_s: Window,
    op: Op,
    threshold: Type.Number({ minimum: 0 }),
    group_by: Type.Optional(Type.String({ maxLength: 200, description: "'service', 'environment' or 'context.<path>'" })),
  }, closed),
  Type.Object({
    kind: Type.Literal('error_group'),
    event: Type.Union([Type.Literal('new'), Type.Literal('regression'), Type.Literal('frequency')]),
    window_s: Type.Optional(Window),
    threshold: Type.Optional(Type.Integer({ minimum: 0 })),
    service: Type.Optional(Service),
  }, closed),
  Type.Object({
    kind: Type.Literal('error_rate'),
    service: Type.Optional(Service),
    route: Type.Optional(Route),
    window_s: Window,
    threshold_pct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    baseline_sigma: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  }, closed),
  Type.Object({
    kind: Type.Literal('latency'),
    service: Type.Optional(Service),
    route: Type.Optional(Route),
    window_s: Window,
    percentile: Type.Union([Type.Literal(50), Type.Literal(90), Type.Literal(95), Type.Literal(99)]),
    threshold_ms: Type.Optional(Type.Number({ minimum: 0 })),
    baseline_sigma: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  }, closed),
  Type.Object({ kind: Type.Literal('silence'), service: Type.Optional(Service), window_s: Window }, closed),
  Type.Object({
    kind: Type.Literal('anomaly'),
    service: Type.Optional(Service),
    metric: Type.Optional(Type.Union([Type.Literal('volume'), Type.Literal('error_rate')], { description: 'absent: both' })),
    window_s: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400, description: 'seconds, whole minutes, at least 300; default 3600' })),
  }, closed),
]);

const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  severity: Severity,
  interval_s: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400, default: 60 })),
  for_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, default: 0 })),
  reminder_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400, default: 3600, description: '0: never remind' })),
  channel_ids: Type.Optional(Type.Array(AlertId, { maxItems: 50, default: [] })),
  condition: Condition,
};

const ProjectRef = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 200 })], { description: 'project id or slug' });

export const RuleInputBody = Type.Object({ project_id: ProjectRef, ...RuleFields }, closed);

export const RulePatchBody = Type.Object({
  name: Type.Optional(RuleFields.name),
  severity: Type.Optional(Severity),
  // No defaults here: ajv would fill them in, and a PATCH of the condition would reset the channels and timings.
  interval_s: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 })),
  for_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
  reminder_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400, description: '0: never remind' })),
  channel_ids: Type.Optional(Type.Array(AlertId, { maxItems: 50 })),
  condition: Type.Optional(Condition),
  enabled: Type.Optional(Type.Boolean()),
}, closed);

export const MuteBody = Type.Union([
  Type.Object({ until: Time }, closed),
  Type.Object({ minutes: Type.Integer({ minimum: 1, maximum: 525_600 }) }, closed),
]);

const State = Type.Union([Type.Literal('ok'), Type.Literal('pending'), Type.Literal('firing')]);

export const RuleOut = Type.Object({
  id: Type.String(),
  project_id: Type.Integer(),
  name: Type.String(),
  severity: Severity,
  interval_s: Type.Integer(),
  for_s: Type.Integer(),
  reminder_s: Type.Integer(),
  channel_ids: Type.Array(Type.String()),
  condition: Condition,
  enabled: Type.Boolean(),
  created_at: Time,
  updated_at: Time,
  muted_until: Nullable(Time),
  state: State,
  state_since: Nullable(Time),
  last_evaluated_at: Nullable(Time),
  last_value: Nullable(Type.Number()),
  groups: Type.Array(Type.Object({ group: Type.String(), state: State, since: Time, value: Nullable(Type.Number()) })),
});

export const DeliveryOut = Type.Object({
  id: Type.String(),
  channel_id: Type.String(),
  channel_name: Type.String(),
  event_id: Nullable(Type.String()),
  test: Type.Boolean(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('retrying')]),
  attempts: Type.Integer(),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  next_attempt_at: Nullable(Time),
  sent_at: Nullable(Time),
  updated_at: Time,
});

export const EventOut = Type.Object({
  id: Type.String(),
  rule_id: Type.String(),
  rule_name: Type.String(),
  project_id: Type.Integer(),
  group: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('firing'), Type.Literal('resolved'), Type.Literal('reminder')]),
  severity: Severity,
  at: Time,
  value: Nullable(Type.Number()),
  threshold: Nullable(Type.Number()),
  summary: Type.String(),
  logs_url: Type.String(),
  sample: Type.Array(Type.Object({ timestamp: Type.String(), level: Type.String(), service: Type.String(), message: Type.String() })),
  deliveries: Type.Array(DeliveryOut),
});

export const EventsQuery = Type.Object({
  project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'project id or slug; all you may see when absent' })),
  rule_id: Type.Optional(AlertId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 40 })),
}, closed);

export const PreviewOut = Type.Object({
  fired: Type.Integer(),
  evaluations: Type.Integer(),
  from: Time,
  to: Time,
  points: Type.Array(Type.Object({ at: Time, value: Nullable(Type.Number()), threshold: Nullable(Type.Number()), state: State })),
  firings: Type.Array(Type.Object({ at: Time, resolved_at: Nullable(Time), group: Nullable(Type.String()), value: Nullable(Type.Number()) })),
});
