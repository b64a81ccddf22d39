/**
 * Generic webhook: the JSON body of docs/alerts-webhook.schema.json, signed like Stripe/Slack signatures so a
 * receiver can tell the message is ours and fresh: `X-DevSmith-Signature: v1=<hex HMAC-SHA256(secret,
 * timestamp + "." + raw body)>`, with the timestamp in `X-DevSmith-Timestamp` (receivers refuse > 5 min old).
 */
import crypto from 'node:crypto';
import { postJson } from './http-post.js';
import type { AlertMessage, SenderOptions, SendResult } from './types.js';

export const SIGNATURE_HEADER = 'x-devsmith-signature';
export const TIMESTAMP_HEADER = 'x-devsmith-timestamp';
export const EVENT_HEADER = 'x-devsmith-event';

/** The documented body; snake_case, times ISO 8601. */
export function webhookBody(m: AlertMessage) {
  return {
    version: 1 as const,
    event_id: m.eventId,
    kind: m.kind,
    rule: { id: m.rule.id, name: m.rule.name, severity: m.rule.severity },
    project: { id: m.project.id, slug: m.project.slug, name: m.project.name },
    group: m.group,
    at: new Date(m.at).toISOString(),
    value: m.value,
    threshold: m.threshold,
    summary: m.summary,
    logs_url: m.logsUrl,
    sample: m.sample.map((s) => ({ timestamp: s.timestamp, level: s.level, service: s.service, message: s.message })),
  };
}

/** `v1=<hex>`; exported so the docs' recipe and the tests' receiver compute the same thing. */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return `v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Constant-time check of a signature header against the body (for receivers written in Node). */
export function verifyWebhookSignature(secret: string, timestamp: string, rawBody: string, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function generateWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64url')}`;
}

export async function sendWebhook(config: Record<string, unknown>, secret: string | null, m: AlertMessage, opts: SenderOptions): Promise<SendResult> {
  const raw = JSON.stringify(webhookBody(m));
  const timestamp = String(Math.floor((opts.now?.() ?? Date.now()) / 1000));
  const headers: Record<string, string> = { [TIMESTAMP_HEADER]: timestamp, [EVENT_HEADER]: m.eventId ?? 'test' };
  if (secret) headers[SIGNATURE_HEADER] = signWebhook(secret, timestamp, raw);
  return postJson(String(config.url), raw, headers, opts);
}
