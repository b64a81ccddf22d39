/**
 * End to end in a real server process: a webhook channel and an email channel made through the API, a rule
 * that uses them, logs that make it fire; the in-server scheduler writes the event, the delivery worker sends
 * it to the webhook receiver (signature and schema checked) and to a real SMTP server, and the event's
 * delivery log says 'sent' with the answer codes.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { bootstrap, startServer, type Bootstrapped, type RunningServer } from '../helpers/server.js';
import { sleep } from '../faults/support.js';
import { webhookReceiver, type Receiver } from './receivers.js';

let server: RunningServer;
let boot: Bootstrapped;
let smtp: SMTPServer;
const mails: string[] = [];
const receivers: Receiver[] = [];

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw);
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  server = await startServer({
    env: {
      DEVSMITH_ALERTS_TICK_MS: '200',
      DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS: '1',
      DEVSMITH_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      DEVSMITH_SMTP_FROM: 'DevSmith <alerts@devsmith.test>',
      DEVSMITH_PUBLIC_URL: 'https://logs.example.com',
      LOG_LEVEL: 'warn',
    },
  });
  boot = await bootstrap(server.url, 'Flow');
});
after(async () => {
  await server.stop();
  for (const r of receivers) await r.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

test('a firing rule reaches the webhook and the mailbox; the delivery log says sent', { timeout: 60_000 }, async () => {
  const api = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', cookie: boot.cookie }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  // The receiver learns the secret from the creation answer, as a customer would.
  const pending = await webhookReceiver('unknown yet');
  await pending.close();
  const hook = await api('POST', '/api/alerts/channels', { project_id: boot.project.id, name: 'hook', type: 'webhook', config: { url: `${pending.url}/x` } });
  assert.equal(hook.status, 201, JSON.stringify(hook.body));
  const rx = await webhookReceiver(hook.body.secret);
  receivers.push(rx);
  const repointed = await api('PATCH', `/api/alerts/channels/${hook.body.id}`, { config: { url: `${rx.url}/alerts` } });
  assert.equal(repointed.status, 200, JSON.stringify(repointed.body));
  const mail = await api('POST', '/api/alerts/channels', { project_id: boot.project.id, name: 'mail', type: 'email', config: { to: ['oncall@example.com'] } });
  assert.equal(mail.status, 201);

  const condition = { kind: 'query', query: 'level:error checkout', window_s: 300, op: '>=', threshold: 2 };
  const rule = await api('POST', '/api/alerts/rules', { project_id: boot.project.id, name: 'checkout <down>', severity: 'critical', channel_ids: [hook.body.id, mail.body.id], condition });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const res = await fetch(`${server.url}/api/logs/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${boot.apiKey}` },
    body: JSON.stringify({ service_name: 'shop', logs: [{ level: 'error', message: 'checkout failed <b>' }, { level: 'error', message: 'checkout failed again' }] }),
  });
  assert.equal(res.status, 201);
  assert.equal((await api('PATCH', `/api/alerts/rules/${rule.body.id}`, { condition })).status, 200); // due now

  const deadline = Date.now() + 30_000;
  while ((rx.received.length === 0 || mails.length === 0) && Date.now() < deadline) await sleep(200);
  const why = async () => JSON.stringify((await api('GET', `/api/alerts/events?rule_id=${rule.body.id}`)).body) + '\n' + server.output().slice(-3000);
  assert.equal(rx.received.length, 1, `the webhook got the alert once\n${await why()}`);
  const got = rx.received[0]!;
  assert.equal(got.refused, null, 'signature and schema valid');
  const body = got.body as Record<string, any>;
  assert.equal(body.kind, 'firing');
  assert.equal(body.rule.name, 'checkout <down>');
  assert.match(body.summary, /2 logs matched/);
  assert.ok(body.logs_url.startsWith('https://logs.example.com/'));
  assert.equal(mails.length, 1, 'the mailbox got it once');
  assert.match(mails[0]!, /Subject: \[CRITICAL\] Firing: checkout <down>/);
  assert.match(mails[0]!, /checkout &lt;down&gt;/, 'HTML part escaped');

  let deliveries: Array<{ channel_name: string; status: string; last_status_code: number | null; attempts: number }> = [];
  while (Date.now() < deadline) {
    const events = await api('GET', `/api/alerts/events?rule_id=${rule.body.id}`);
    deliveries = events.body.data[0]?.deliveries ?? [];
    if (deliveries.length === 2 && deliveries.every((d) => d.status === 'sent')) break;
    await sleep(200);
  }
  assert.deepEqual(deliveries.map((d) => [d.channel_name, d.status, d.last_status_code, d.attempts]).sort(), [['hook', 'sent', 200, 1], ['mail', 'sent', 250, 1]]);
});
