/**
 * A channel's config, checked where it enters (save time): shape per type, http(s) only, no credentials in
 * URLs, and the SSRF check of the host as it resolves now (the connect-time check in ssrf.ts covers later
 * DNS changes). Also the redacted view the API shows: secrets are write-only.
 */
import { AppError } from '../../errors.js';
import { checkTargetHost, ForbiddenTargetError } from './ssrf.js';
import type { ChannelType } from './types.js';
import { generateWebhookSecret } from './webhook.js';

const MAX_URL = 2048;
const MAX_RECIPIENTS = 20;
// Deliberately loose (RFC 5322 is not a regex): one @, no spaces or commas, a dot in the domain.
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

function invalid(detail: string): never {
  throw new AppError('VALIDATION_FAILED', detail);
}

function objectOf(config: unknown, allowed: string[], type: ChannelType): Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) invalid(`config must be an object for a ${type} channel`);
  const extra = Object.keys(config).filter((k) => !allowed.includes(k));
  if (extra.length) invalid(`unknown ${type} config field ${extra.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed.join(', ')}`);
  return config as Record<string, unknown>;
}

async function targetUrl(raw: unknown, field: string, protocols: string[], allowPrivate: boolean): Promise<string> {
  if (typeof raw !== 'string' || !raw) invalid(`config.${field} is required (a URL)`);
  if (raw.length > MAX_URL) invalid(`config.${field} is longer than ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    invalid(`config.${field} is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) invalid(`config.${field} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  if (url.username || url.password) invalid(`config.${field} must not carry a user or password; webhooks are authenticated by their signature`);
  try {
    await checkTargetHost(url.hostname, allowPrivate);
  } catch (err) {
    if (err instanceof ForbiddenTargetError) throw new AppError('ALERT_TARGET_FORBIDDEN', err.message);
    invalid(`config.${field}: ${(err as Error).message}`);
  }
  return url.toString();
}

/** Throws AppError VALIDATION_FAILED or ALERT_TARGET_FORBIDDEN; returns the config to store and the secret. */
export async function validateChannelConfig(type: ChannelType, config: unknown, opts: { allowPrivateTargets: boolean }): Promise<{ config: Record<string, unknown>; secret?: string }> {
  if (type === 'webhook') {
    const c = objectOf(config, ['url', 'secret'], type);
    const url = await targetUrl(c.url, 'url', ['http:', 'https:'], opts.allowPrivateTargets);
    if (c.secret !== undefined && (typeof c.secret !== 'string' || c.secret.length < 16 || c.secret.length > 256)) {
      invalid('config.secret must be a string of 16 to 256 characters (or leave it out and one is generated)');
    }
    return { config: { url }, secret: (c.secret as string | undefined) ?? generateWebhookSecret() };
  }
  if (type === 'slack') {
    const c = objectOf(config, ['webhook_url'], type);
    return { config: { webhook_url: await targetUrl(c.webhook_url, 'webhook_url', ['https:'], opts.allowPrivateTargets) } };
  }
  if (type === 'email') {
    const c = objectOf(config, ['to'], type);
    const to = c.to;
    if (!Array.isArray(to) || to.length === 0 || to.length > MAX_RECIPIENTS) invalid(`config.to must list 1 to ${MAX_RECIPIENTS} email addresses`);
    const bad = to.find((a) => typeof a !== 'string' || a.length > 254 || !EMAIL.test(a));
    if (bad !== undefined) invalid(`config.to: ${JSON.stringify(bad)} is not an email address`);
    return { config: { to: [...new Set(to as string[])] } };
  }
  invalid(`type must be webhook, slack or email`);
}

/** What the API shows of a stored config: never the secret, and a Slack URL (itself a credential) elided. */
export function redactChannelConfig(type: ChannelType, config: Record<string, unknown>, secret: string | null): Record<string, unknown> {
  if (type === 'webhook') return { url: config.url, has_secret: Boolean(secret) };
  if (type === 'slack') return { webhook_url: elideUrl(String(config.webhook_url)) };
  return { to: config.to };
}

/** https://hooks.slack.com/services/T000/B000/XXXXsecret -> https://hooks.slack.com/…/XXXX */
export function elideUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
    return `${url.protocol}//${url.host}/…/${last.slice(0, 4)}`;
  } catch {
    return '…';
  }
}
