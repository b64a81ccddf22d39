/** The channel dialog's fields → the API's config per type, and the redacted config → one line to show. Pure. */
import type { ChannelType } from '../../api/alerts';

export interface ChannelForm {
  name: string;
  type: ChannelType;
  url: string;
  secret: string;
  slackUrl: string;
  to: string;
}

export const CHANNEL_TYPES: ReadonlyArray<{ id: ChannelType; label: string }> = [
  { id: 'webhook', label: 'Webhook' },
  { id: 'slack', label: 'Slack' },
  { id: 'email', label: 'Email' },
];

export function emptyChannelForm(): ChannelForm {
  return { name: '', type: 'webhook', url: '', secret: '', slackUrl: '', to: '' };
}

/** Splits "a@x.org, b@y.org; c@z.org" into addresses; the server validates each one. */
export function emailList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The config to send; throws an Error a person can act on when a field is missing. */
export function channelConfigOf(form: ChannelForm): Record<string, unknown> {
  switch (form.type) {
    case 'webhook': {
      if (!/^https?:\/\//i.test(form.url.trim())) throw new Error('The webhook URL starts with https:// (or http://).');
      // No secret typed: the server generates one and shows it once.
      return form.secret.trim() ? { url: form.url.trim(), secret: form.secret.trim() } : { url: form.url.trim() };
    }
    case 'slack':
      if (!/^https:\/\//i.test(form.slackUrl.trim())) throw new Error('A Slack incoming webhook URL starts with https://hooks.slack.com/.');
      return { webhook_url: form.slackUrl.trim() };
    case 'email': {
      const to = emailList(form.to);
      if (to.length === 0) throw new Error('Give at least one address to send to.');
      return { to };
    }
  }
}

/** Where a channel sends, from the redacted view the API returns. */
export function channelTarget(type: ChannelType, config: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  if (type === 'webhook') return `${text(config.url)}${config.has_secret ? ' · signed' : ''}`;
  if (type === 'slack') return text(config.webhook_url);
  return Array.isArray(config.to) ? config.to.map(text).join(', ') : '';
}
