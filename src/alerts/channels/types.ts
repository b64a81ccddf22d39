/** The channel sender's types (docs: /work/wt/_brief/alerts-api.md contract; docs/alerts-channels.md). */
export type ChannelType = 'webhook' | 'slack' | 'email';
export const CHANNEL_TYPES: readonly ChannelType[] = ['webhook', 'slack', 'email'];

export type Severity = 'info' | 'warning' | 'critical';

export interface AlertSample {
  timestamp: string;
  level: string;
  service: string;
  message: string;
}

export interface AlertMessage {
  version: 1;
  eventId: string | null;
  kind: 'firing' | 'resolved' | 'reminder' | 'test';
  rule: { id: string; name: string; severity: Severity };
  project: { id: number; slug: string; name: string };
  group: string | null;
  /** Epoch milliseconds. */
  at: number;
  value: number | null;
  threshold: number | null;
  summary: string;
  logsUrl: string;
  sample: AlertSample[];
}

export interface ChannelTarget {
  type: ChannelType;
  config: Record<string, unknown>;
  secret: string | null;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** False when trying again cannot help (a 4xx other than 408/429, a refused target, a bad config). */
  retryable: boolean;
}

export interface SmtpSettings {
  /** smtp://user:pass@host:587 or smtps://...:465 */
  url: string;
  from: string;
  /** Refuse to send when the server does not offer STARTTLS (DEVSMITH_SMTP_REQUIRE_TLS=1). */
  requireTls: boolean;
}

export interface SenderOptions {
  allowPrivateTargets: boolean;
  smtp: SmtpSettings | null;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM) for https targets: an internal CA, or a test's self-signed receiver. */
  extraCa?: string;
  /** Replaces DNS for the connect-time check (tests play a resolver that answers 127.0.0.1). */
  resolver?: (hostname: string, options: import('node:dns').LookupAllOptions) => Promise<import('node:dns').LookupAddress[]>;
  /** Clock for the webhook timestamp (seconds are taken from it). */
  now?: () => number;
}
