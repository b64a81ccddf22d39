/** TypeBox schemas and views of /api/alerts/channels (issue 15; contract in docs/alerts-channels.md). */
import { Type } from '@sinclair/typebox';
import { redactChannelConfig } from '../alerts/channels/index.js';
import type { AlertChannel, AlertDelivery } from '../store/alerts-types.js';
import { RowId } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ChannelId = Type.String({ pattern: '^[0-9]{1,18}$', description: 'Alert channel id (decimal string)' });
export const ChannelTypeSchema = Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('email')]);
const ChannelName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const ConfigIn = Type.Object({}, {
  additionalProperties: true,
  description: 'webhook: { url, secret? }; slack: { webhook_url } (https); email: { to: string[] }. Checked against internal targets (SSRF).',
});

export const ChannelCreateBody = Type.Object({ project_id: RowId, name: ChannelName, type: ChannelTypeSchema, config: ConfigIn }, { additionalProperties: false });
export const ChannelPatchBody = Type.Object(
  { name: Type.Optional(ChannelName), config: Type.Optional(ConfigIn), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export const ChannelListQuery = Type.Object({ project_id: Type.Optional(RowId) }, { additionalProperties: false });

export const ChannelOut = Type.Object({
  id: Type.String(),
  project_id: Type.Integer(),
  name: Type.String(),
  type: ChannelTypeSchema,
  enabled: Type.Boolean(),
  config: Type.Object({}, { additionalProperties: true, description: 'Redacted: webhook { url, has_secret }, slack { webhook_url (elided) }, email { to }' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  secret: Type.Optional(Type.String({ description: 'The webhook signing secret: only in the answer that created or changed it' })),
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
  next_attempt_at: Nullable(Type.String()),
  sent_at: Nullable(Type.String()),
  updated_at: Type.String(),
});

export function channelView(c: AlertChannel, secret: string | null = null) {
  return {
    id: c.id,
    project_id: c.projectId,
    name: c.name,
    type: c.type,
    enabled: c.enabled,
    config: redactChannelConfig(c.type, c.config, c.secret),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    ...(secret ? { secret } : {}),
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
