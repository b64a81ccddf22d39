/**
 * Email through the server's SMTP relay (DEVSMITH_SMTP_URL) with nodemailer: a plain-text part and an HTML
 * part, where the HTML escapes everything that came from logs (a log line is attacker-controlled text).
 * nodemailer upgrades with STARTTLS whenever the server offers it; DEVSMITH_SMTP_REQUIRE_TLS=1 refuses to
 * send in clear when it does not.
 */
import type { AlertMessage, SenderOptions, SendResult, SmtpSettings } from './types.js';

const KIND = { firing: 'Firing', resolved: 'Resolved', reminder: 'Still firing', test: 'Test' } as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function emailSubject(m: AlertMessage): string {
  return `[${m.rule.severity.toUpperCase()}] ${KIND[m.kind]}: ${m.rule.name} (${m.project.name})`.replace(/[\r\n]+/g, ' ').slice(0, 250);
}

export function emailText(m: AlertMessage): string {
  const lines = [
    `${KIND[m.kind]}: ${m.rule.name} (${m.rule.severity})`,
    '',
    m.summary,
    '',
    `Project: ${m.project.name}`,
    ...(m.group ? [`Group: ${m.group}`] : []),
    ...(m.value !== null ? [`Value: ${m.value}`] : []),
    ...(m.threshold !== null ? [`Threshold: ${m.threshold}`] : []),
    `At: ${new Date(m.at).toISOString()}`,
    '',
    `Logs: ${m.logsUrl}`,
  ];
  if (m.sample.length) lines.push('', 'Sample:', ...m.sample.map((s) => `  ${s.timestamp} ${s.level.toUpperCase()} ${s.service} ${s.message.replace(/\s+/g, ' ')}`));
  return `${lines.join('\n')}\n`;
}

export function emailHtml(m: AlertMessage): string {
  const e = escapeHtml;
  const facts = [
    ['Project', m.project.name],
    ...(m.group ? [['Group', m.group]] : []),
    ...(m.value !== null ? [['Value', String(m.value)]] : []),
    ...(m.threshold !== null ? [['Threshold', String(m.threshold)]] : []),
    ['At', new Date(m.at).toISOString()],
  ];
  const rows = facts.map(([k, v]) => `<tr><th align="left">${e(k!)}</th><td>${e(v!)}</td></tr>`).join('');
  const sample = m.sample.length
    ? `<pre style="background:#f4f4f5;padding:8px">${m.sample.map((s) => e(`${s.timestamp} ${s.level.toUpperCase()} ${s.service} ${s.message}`)).join('\n')}</pre>`
    : '';
  // Only http(s) links: a logs_url is built by us, but never let a javascript: URL into an href.
  const href = /^https?:\/\//i.test(m.logsUrl) ? e(m.logsUrl) : '#';
  return `<!doctype html><html><body style="font-family:sans-serif">
<h2>${e(`${KIND[m.kind]}: ${m.rule.name}`)} <small>(${e(m.rule.severity)})</small></h2>
<p>${e(m.summary)}</p>
<table>${rows}</table>
${sample}
<p><a href="${href}">View the logs</a></p>
</body></html>`;
}

export async function sendEmail(config: Record<string, unknown>, m: AlertMessage, opts: SenderOptions): Promise<SendResult> {
  const smtp: SmtpSettings | null = opts.smtp;
  if (!smtp) return { ok: false, statusCode: null, error: 'no SMTP server configured: set DEVSMITH_SMTP_URL and DEVSMITH_SMTP_FROM', retryable: false };
  // Loaded with the first email, not at start (cold start, issue 18): most servers never send one.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    url: smtp.url,
    requireTLS: smtp.requireTls,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
    ...(opts.extraCa ? { tls: { ca: [opts.extraCa] } } : {}),
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to: (config.to as string[]).join(', '), subject: emailSubject(m), text: emailText(m), html: emailHtml(m) });
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ''))?.[1] ?? 250);
    return { ok: true, statusCode: code, error: null, retryable: false };
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string };
    // SMTP 5xx is permanent (a refused recipient); 4xx and connection errors may pass later.
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    return { ok: false, statusCode: e.responseCode ?? null, error: `${e.code ? `${e.code}: ` : ''}${e.message}`.slice(0, 500), retryable: !permanent };
  } finally {
    transport.close();
  }
}
