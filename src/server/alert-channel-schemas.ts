/** TypeBox schemas and views of /api/alerts/channels (issue 15; docs/alerts-channels.md). Deliveries: alert-schemas.ts. */
import { Type } from '@sinclair/typebox';
import { redactChannelConfig } from '../alerts/channels/index.js';
import type { AlertChannel } from '../store/alerts-types.js';
import { RowId } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

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
