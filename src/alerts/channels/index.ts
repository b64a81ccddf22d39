/**
 * Alert channels (issue 15): the one entry point the delivery worker and the routes call. Sends one message
 * to one target, once; retries are the delivery worker's (src/alerts/delivery.ts).
 */
import { sendEmail } from './email.js';
import { sendSlack } from './slack.js';
import type { AlertMessage, ChannelTarget, SenderOptions, SendResult } from './types.js';
import { sendWebhook } from './webhook.js';

export type { AlertMessage, AlertSample, ChannelTarget, ChannelType, SenderOptions, SendResult, Severity, SmtpSettings } from './types.js';
export { CHANNEL_TYPES } from './types.js';
export { validateChannelConfig, redactChannelConfig, elideUrl } from './validate.js';
export { signWebhook, verifyWebhookSignature, webhookBody } from './webhook.js';

export async function sendAlert(target: ChannelTarget, message: AlertMessage, opts: SenderOptions): Promise<SendResult> {
  try {
    if (target.type === 'webhook') return await sendWebhook(target.config, target.secret, message, opts);
    if (target.type === 'slack') return await sendSlack(target.config, message, opts);
    if (target.type === 'email') return await sendEmail(target.config, message, opts);
    return { ok: false, statusCode: null, error: `unknown channel type ${String(target.type)}`, retryable: false };
  } catch (err) {
    // A sender bug must not kill the worker; the delivery is recorded as failed with the reason.
    return { ok: false, statusCode: null, error: (err as Error).message, retryable: true };
  }
}
