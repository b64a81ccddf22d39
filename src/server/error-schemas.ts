/** TypeBox schemas of /api/errors (ERRORS-CONTRACT.md): they validate requests, shape responses, feed OpenAPI. */
import { Type } from '@sinclair/typebox';
import { LogView } from './schemas.js';

const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
export const Status = Type.Union([Type.Literal('unresolved'), Type.Literal('resolved'), Type.Literal('resolved_next_release'), Type.Literal('ignored')]);
export const GroupId = Type.String({ pattern: '^[0-9]{1,19}$', description: 'an error group id' });

export const ErrorListQuery = Type.Object({
  project: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 100 })], { description: 'slug or id; repeat for several; all you may see when absent' })),
  status: Type.Optional(Type.String({ maxLength: 200, default: 'unresolved', description: 'all, or one status or a comma-separated list: unresolved, resolved, resolved_next_release, ignored' })),
  q: Type.Optional(Type.String({ maxLength: 500, description: 'case-insensitive substring of the title or culprit' })),
  sort: Type.Optional(Type.Union([Type.Literal('last_seen'), Type.Literal('count'), Type.Literal('first_seen'), Type.Literal('trend')], { default: 'last_seen' })),
  new: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')], { description: '1: only groups first seen in the last 24 h' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'groups with an event at or after: ISO 8601, epoch ms or now-24h' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'groups with an event before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });

const TagValue = Type.Object({ value: Type.String(), count: Type.Integer(), first_seen: Time, last_seen: Time });

export const ErrorGroupOut = Type.Object({
  id: Type.String(),
  project: Type.String(),
  project_id: Type.Integer(),
  fingerprint: Type.String(),
  title: Type.String(),
  culprit: Type.String(),
  type: NullableString,
  level: Type.String(),
  status: Status,
  regressed: Type.Boolean(),
  is_new: Type.Boolean(),
  regressed_at: NullableTime,
  first_seen: Time,
  last_seen: Time,
  count: Type.Integer(),
  services: Type.Array(Type.String()),
  hosts_affected: Type.Integer(),
  environments: Type.Array(Type.String()),
  first_release: NullableString,
  last_release: NullableString,
  assignee: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String() }), Type.Null()]),
  ignore_until: NullableTime,
  ignore_count: Type.Union([Type.Integer(), Type.Null()]),
  note: Type.String(),
  sparkline: Type.Array(Type.Integer(), { description: '24 hourly counts, oldest first, ending with the current hour' }),
});

const Frame = Type.Object({
  file: Type.String(),
  function: Type.String(),
  line: Type.Union([Type.Integer(), Type.Null()]),
  column: Type.Union([Type.Integer(), Type.Null()]),
  in_app: Type.Boolean(),
  raw: Type.String(),
});

export const ErrorGroupDetailOut = Type.Composite([
  ErrorGroupOut,
  Type.Object({
    latest_event: Type.Union([LogView, Type.Null()]),
    first_event: Type.Union([LogView, Type.Null()]),
    frames: Type.Array(Frame),
    tags: Type.Object({ service: Type.Array(TagValue), host: Type.Array(TagValue), version: Type.Array(TagValue), environment: Type.Array(TagValue) }),
    breadcrumbs: Type.Array(LogView),
    merged_fingerprints: Type.Array(Type.String()),
  }),
]);

const IgnoreUntil = Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'ignore until this time (ISO 8601)' });
const IgnoreCount = Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), Type.Null()], { description: 'ignore until this many more events' });

export const ErrorPatchBody = Type.Object({
  status: Type.Optional(Status),
  assignee_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()])),
  note: Type.Optional(Type.String({ maxLength: 10_000 })),
  ignore_until: Type.Optional(IgnoreUntil),
  ignore_count: Type.Optional(IgnoreCount),
}, { additionalProperties: false, minProperties: 1 });

export const ErrorBulkBody = Type.Object({
  ids: Type.Array(GroupId, { minItems: 1, maxItems: 500 }),
  status: Status,
  ignore_until: Type.Optional(IgnoreUntil),
  ignore_count: Type.Optional(IgnoreCount),
}, { additionalProperties: false });

export const ErrorMergeBody = Type.Object({
  source_ids: Type.Array(GroupId, { minItems: 1, maxItems: 100 }),
}, { additionalProperties: false });

export const ErrorEventsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });
