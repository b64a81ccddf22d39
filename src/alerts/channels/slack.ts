/**
 * Slack incoming webhook (also Mattermost's, which reads the same Block Kit): a header with the severity and
 * the rule, the summary with the counts, up to 5 sample lines in a code block, and a button to the logs.
 * Everything from logs is escaped for mrkdwn (`&`, `<`, `>`: Slack's only control characters, which would
 * otherwise let a log line write `<!channel>` or a fake link) and cut to Slack's block limits.
 */
import { postJson } from './http-post.js';
import type { AlertMessage, SenderOptions, SendResult } from './types.js';

const SECTION_LIMIT = 3000; // Slack: a section's text
const HEADER_LIMIT = 150; // Slack: a header's plain_text
const LINE_LIMIT = 300;

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const EMOJI = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' } as const;
const KIND = { firing: 'Firing', resolved: 'Resolved', reminder: 'Still firing', test: 'Test' } as const;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function slackTitle(m: AlertMessage): string {
  const emoji = m.kind === 'resolved' ? ':white_check_mark:' : EMOJI[m.rule.severity];
  return cut(`${emoji} [${m.rule.severity.toUpperCase()}] ${KIND[m.kind]}: ${m.rule.name}`, HEADER_LIMIT);
}

export function slackPayload(m: AlertMessage) {
  const facts = [
    `*Project:* ${escapeMrkdwn(m.project.name)}`,
    ...(m.group ? [`*Group:* ${escapeMrkdwn(m.group)}`] : []),
    ...(m.value !== null ? [`*Value:* ${m.value}`] : []),
    ...(m.threshold !== null ? [`*Threshold:* ${m.threshold}`] : []),
  ];
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: slackTitle(m), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(escapeMrkdwn(m.summary), SECTION_LIMIT) } },
    { type: 'section', fields: facts.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (m.sample.length) {
    // Backticks inside would close the code block early; a look-alike keeps the line readable.
    const lines = m.sample.map((s) => cut(`${s.timestamp} ${s.level.toUpperCase()} ${s.service} ${s.message}`.replace(/\s+/g, ' '), LINE_LIMIT).replace(/`/g, 'ˋ'));
    const code = cut(escapeMrkdwn(lines.join('\n')), SECTION_LIMIT - 8);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '```' + code + '```' } });
  }
  blocks.push(
    { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'View logs' }, url: m.logsUrl, action_id: 'view_logs' }] },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `DevSmith Logs · ${new Date(m.at).toISOString()}` }] },
  );
  // `text` is the notification and the fallback for clients that do not render blocks.
  return { text: escapeMrkdwn(cut(`${slackTitle(m)}: ${m.summary}`, SECTION_LIMIT)), blocks };
}

export async function sendSlack(config: Record<string, unknown>, m: AlertMessage, opts: SenderOptions): Promise<SendResult> {
  return postJson(String(config.webhook_url), JSON.stringify(slackPayload(m)), {}, opts);
}
