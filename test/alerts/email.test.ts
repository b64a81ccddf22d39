/**
 * Email channel against a real SMTP server (the smtp-server package) started here: the message arrives with
 * a text and an HTML part, log text escaped in the HTML; STARTTLS is used when offered (self-signed
 * certificate from openssl, trusted by the sender); DEVSMITH_SMTP_REQUIRE_TLS refuses a server without it.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { sendAlert, type SenderOptions } from '../../src/alerts/channels/index.js';
import { selfSignedCert, type Cert } from './receivers.js';
import { HOSTILE, message } from './support.js';

interface Mail {
  from: string;
  to: string[];
  secure: boolean;
  parsed: ParsedMail;
}

async function smtpServer(opts: { cert?: Cert; tls: boolean; reject?: string }): Promise<{ url: string; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: opts.tls ? [] : ['STARTTLS'],
    ...(opts.cert ? { key: opts.cert.key, cert: opts.cert.cert } : {}),
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.reject && address.address === opts.reject) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((parsed) => {
        mails.push({ from: String(session.envelope.mailFrom && session.envelope.mailFrom.address), to: session.envelope.rcptTo.map((r) => r.address), secure: session.secure, parsed });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const TARGET = { type: 'email' as const, config: { to: ['oncall@example.com', 'lead@example.com'] }, secret: null };

describe('email channel', () => {
  let cert: Cert;
  before(() => {
    cert = selfSignedCert();
  });

  test('over STARTTLS: text and HTML parts, log text escaped in the HTML, subject with severity and rule', async () => {
    const smtp = await smtpServer({ cert, tls: true });
    after(() => smtp.close());
    const opts: SenderOptions = { allowPrivateTargets: false, timeoutMs: 5000, extraCa: cert.cert, smtp: { url: smtp.url, from: 'DevSmith <alerts@devsmith.test>', requireTls: true } };
    const r = await sendAlert(TARGET, message(), opts);
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(r.statusCode, 250);
    const mail = smtp.mails.at(-1)!;
    assert.equal(mail.secure, true, 'the session was upgraded with STARTTLS');
    assert.equal(mail.from, 'alerts@devsmith.test');
    assert.deepEqual(mail.to, ['oncall@example.com', 'lead@example.com']);
    assert.equal(mail.parsed.subject, '[CRITICAL] Firing: API errors > 100 in 5 m (Shop)');
    const text = mail.parsed.text!;
    assert.ok(text.includes('143 logs matched `level:error service:api` in 5 m (threshold > 100)'));
    assert.ok(text.includes(HOSTILE), 'the text part shows the log line as is');
    assert.ok(text.includes(message().logsUrl));
    const html = String(mail.parsed.html);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;'), html);
    assert.ok(!html.includes('<script>'), 'no markup from a log line');
    assert.ok(html.includes(`href="${message().logsUrl.replace(/&/g, '&amp;')}"`));
  });

  test('a server without STARTTLS: sent in clear by default, refused with DEVSMITH_SMTP_REQUIRE_TLS', async () => {
    const smtp = await smtpServer({ tls: false });
    after(() => smtp.close());
    const base = { allowPrivateTargets: false, timeoutMs: 5000 };
    const clear = await sendAlert(TARGET, message(), { ...base, smtp: { url: smtp.url, from: 'alerts@devsmith.test', requireTls: false } });
    assert.equal(clear.ok, true, clear.error ?? '');
    assert.equal(smtp.mails.at(-1)!.secure, false);
    const count = smtp.mails.length;
    const strict = await sendAlert(TARGET, message(), { ...base, smtp: { url: smtp.url, from: 'alerts@devsmith.test', requireTls: true } });
    assert.equal(strict.ok, false);
    assert.match(strict.error!, /STARTTLS|TLS/i);
    assert.equal(smtp.mails.length, count, 'nothing sent in clear');
  });

  test('a refused recipient (550) is a permanent failure; no SMTP settings is a clear error', async () => {
    const smtp = await smtpServer({ tls: false, reject: 'gone@example.com' });
    after(() => smtp.close());
    const r = await sendAlert({ ...TARGET, config: { to: ['gone@example.com'] } }, message(), { allowPrivateTargets: false, timeoutMs: 5000, smtp: { url: smtp.url, from: 'alerts@devsmith.test', requireTls: false } });
    assert.equal(r.ok, false);
    assert.equal(r.statusCode, 550);
    assert.equal(r.retryable, false);
    const none = await sendAlert(TARGET, message(), { allowPrivateTargets: false, timeoutMs: 5000, smtp: null });
    assert.match(none.error!, /DEVSMITH_SMTP_URL/);
  });

  test('an unreachable SMTP server is a retryable failure', async () => {
    const r = await sendAlert(TARGET, message(), { allowPrivateTargets: false, timeoutMs: 2000, smtp: { url: 'smtp://127.0.0.1:1', from: 'alerts@devsmith.test', requireTls: false } });
    assert.equal(r.ok, false);
    assert.equal(r.retryable, true);
  });
});
