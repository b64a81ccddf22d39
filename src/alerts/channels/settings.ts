/**
 * The server settings of alert delivery, parsed with the rest of the configuration (src/config.ts calls
 * `notifySettings`): where email goes out, whether internal targets are allowed, and the send timeout.
 */
import { ConfigError } from '../../config-error.js';
import type { SmtpSettings } from './types.js';

type Env = Record<string, string | undefined>;

export interface NotifySettings {
  /** DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS=1: webhooks may reach loopback/private/link-local addresses. */
  allowPrivateTargets: boolean;
  smtp: SmtpSettings | null;
  /** One send attempt's limit (connect + answer). */
  timeoutMs: number;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new ConfigError(name, `must be 1 or 0, got "${env[name]}"`);
}

export function notifySettings(env: Env): NotifySettings {
  const rawTimeout = env.DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS?.trim();
  const seconds = rawTimeout ? Number(rawTimeout) : 10;
  if (!/^\d+$/.test(String(seconds)) || seconds < 1 || seconds > 120) {
    throw new ConfigError('DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS', `must be a whole number of seconds from 1 to 120, got "${rawTimeout}"`);
  }
  return { allowPrivateTargets: flag(env, 'DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS'), smtp: smtpSettings(env), timeoutMs: seconds * 1000 };
}

function smtpSettings(env: Env): SmtpSettings | null {
  const url = env.DEVSMITH_SMTP_URL?.trim();
  const from = env.DEVSMITH_SMTP_FROM?.trim();
  const requireTls = flag(env, 'DEVSMITH_SMTP_REQUIRE_TLS');
  if (!url) {
    if (from) throw new ConfigError('DEVSMITH_SMTP_FROM', 'is set but DEVSMITH_SMTP_URL is not (smtp://user:pass@host:587)');
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DEVSMITH_SMTP_URL', 'is not a valid URL (smtp://user:pass@host:587 or smtps://...:465)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new ConfigError('DEVSMITH_SMTP_URL', 'must start with smtp:// or smtps://');
  if (!from) throw new ConfigError('DEVSMITH_SMTP_FROM', 'is required with DEVSMITH_SMTP_URL (the sender address, e.g. "DevSmith <alerts@example.com>")');
  return { url, from, requireTls };
}
