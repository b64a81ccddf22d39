/** TypeBox schemas of the API's shapes: they validate requests, serialise responses and feed OpenAPI. */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_ROW_ID } from '../store/types.js';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    request_id: Type.String(),
  },
  { $id: 'Problem', additionalProperties: true },
);

/** A user, token or project id in a path: within the id column's range (PostgreSQL integer). */
export const RowId = Type.Integer({ minimum: 1, maximum: MAX_ROW_ID });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });

export const UserView = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
  disabled: Type.Boolean(),
  created_at: Time,
});

export const TokenView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  created_at: Time,
  last_used_at: Nullable(Time),
});

export const ProjectView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  description: Type.String(),
  repository_url: Nullable(Type.String()),
  active: Type.Boolean(),
  rate_limit_per_minute: Type.Union([Type.Integer(), Type.Null()]),
  retention_days: Type.Union([Type.Integer(), Type.Null()], { description: 'days of logs kept; null: the server default' }),
  apdex_threshold_ms: Type.Integer({ description: 'Apdex threshold T in ms (src/perf): satisfied <= T, tolerating <= 4T' }),
  ai_external_allowed: Type.Boolean({ description: 'logs of this project may be sent to an external AI provider (docs/insights-ai.md)' }),
  key_prefix: Type.String(),
  owner_id: Type.Integer(),
  created_at: Time,
  updated_at: Time,
  log_count: Type.Optional(Type.Integer()),
  last_log_at: Type.Optional(Nullable(Time)),
  plan_id: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: "null: the server's default plan (GET /api/plans)" })),
  sampling: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()], { description: 'keep rate by level, e.g. {"DEBUG": 0.1}' })),
});

export const LogView = Type.Object({
  id: Type.String(),
  project_id: Type.Integer(),
  timestamp: Time,
  received_at: Time,
  level: Type.String(),
  service: Type.String(),
  message: Type.String(),
  context: Type.Object({}, { additionalProperties: true }),
  environment: Nullable(Type.String()),
  version: Nullable(Type.String()),
  host: Nullable(Type.String()),
  trace_id: Nullable(Type.String()),
  span_id: Nullable(Type.String()),
});

export const ProjectInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Type.Optional(Type.String({ maxLength: 64 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  repository_url: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  rate_limit_per_minute: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000_000 }), Type.Null()])),
});

export const ProjectPatchInput = Type.Partial(
  Type.Object({
    ...ProjectInput.properties,
    active: Type.Boolean(),
    // One schema with a type list, not a union: under coerceTypes a union's null branch would take 0 as null.
    retention_days: Type.Unsafe<number | null>({
      type: ['integer', 'null'], minimum: 1, maximum: 3650,
      description: 'days of logs kept (1-3650; null: the server default); older days are deleted by the retention job',
    }),
    apdex_threshold_ms: Type.Unsafe<number | null>({
      type: ['integer', 'null'], minimum: 1, maximum: 600_000,
      description: 'Apdex threshold T in ms (1-600000; null: the default, 500)',
    }),
    ai_external_allowed: Type.Boolean({ description: 'allow an external (non-loopback) AI provider to receive this project\'s logs; default false' }),
    // Type lists, not anyOf [x, null]: with type coercion, anyOf turns a 0 or "" that fails the first branch into null.
    plan_id: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, description: "admins only; null: the server's default plan" }),
    // No type here at all (coercion would make "" or false a null): parseSampling checks it, with messages.
    sampling: Type.Unsafe<unknown>({ description: 'keep rate (0-1) by level, e.g. {"DEBUG": 0.1}; TRACE, DEBUG and INFO only; null: keep everything' }),
  }),
);

/** Filters shared by list, count, histogram and stream; `ctx.<field>` parameters are allowed besides. */
export const LogFilterQuery = Type.Object(
  {
    project: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    service: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    level: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    from: Type.Optional(Type.String({ description: 'ISO 8601, epoch ms or relative (now-15m; units s m h d w), inclusive' })),
    to: Type.Optional(Type.String({ description: 'ISO 8601, epoch ms or relative (now), exclusive' })),
    q: Type.Optional(Type.String({ description: 'a query in the search language (docs/search.md), at most 2048 characters; 400 INVALID_QUERY with position and length when it cannot run' })),
  },
  { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) },
);

export type LogFilterQueryT = Static<typeof LogFilterQuery>;

/** The ingest envelope, documented loosely: entries are validated one by one so one bad entry never sinks a batch. */
const LogEntryInput = Type.Object(
  {
    timestamp: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    level: Type.String(),
    message: Type.String(),
    context: Type.Optional(Type.Object({}, { additionalProperties: true })),
    trace_id: Type.Optional(Type.String()),
    span_id: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const IngestEnvelopeDoc = {
  project_slug: Type.Optional(Type.String()),
  project_id: Type.Optional(Type.String({ description: 'alias of project_slug' })),
  service_name: Type.String(),
  environment: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  host: Type.Optional(Type.String()),
};
export const IngestBatchDoc = Type.Object({ ...IngestEnvelopeDoc, logs: Type.Array(LogEntryInput) }, { additionalProperties: true });
export const IngestSingleDoc = Type.Object({ ...IngestEnvelopeDoc, log: LogEntryInput }, { additionalProperties: true });
/** A bare array of entries (or NDJSON, one per line), each naming its `service` unless `?service=` does. */
export const IngestArrayDoc = Type.Array(Type.Object({ service: Type.Optional(Type.String()), ...LogEntryInput.properties }, { additionalProperties: true }));

export const IngestResult = Type.Object({
  count: Type.Integer(),
  message: Type.String(),
  rejected: Type.Optional(Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() }))),
  sampled_out: Type.Optional(Type.Integer({ description: "valid logs dropped by the project's sampling; never resend them" })),
});
