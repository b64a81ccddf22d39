/**
 * Webhook and Slack channels against real receivers started here: the webhook receiver checks the HMAC
 * signature, the timestamp and the JSON Schema (ajv); the Slack-shaped receiver serves HTTPS with a
 * self-signed certificate and checks the Block Kit JSON.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendAlert, signWebhook, verifyWebhookSignature } from '../../src/alerts/channels/index.js';
import { slackPayload } from '../../src/alerts/channels/slack.js';
import { checkWebhook, selfSignedCert, slackReceiver, webhookReceiver, type Cert, type Receiver } from './receivers.js';
import { ALLOW, HOSTILE, message } from './support.js';

const SECRET = 'whsec_test_secret_0123456789';

describe('webhook channel', () => {
  let rx: Receiver;
  before(async () => {
    rx = await webhookReceiver(SECRET);
  });
  after(() => rx.close());

  test('a signed, schema-valid body reaches the receiver', async () => {
    const r = await sendAlert({ type: 'webhook', config: { url: `${rx.url}/hook` }, secret: SECRET }, message(), ALLOW);
    assert.deepEqual(r, { ok: true, statusCode: 200, error: null, retryable: false });
    const got = rx.received.at(-1)!;
    assert.equal(got.refused, null);
    assert.equal(got.headers['x-devsmith-event'], '42');
    assert.equal(got.headers['content-type'], 'application/json');
    const body = got.body as Record<string, any>;
    assert.equal(body.event_id, '42');
    assert.equal(body.sample[1].message, HOSTILE, 'the JSON body carries the log text as is (JSON escapes it)');
    assert.equal(body.at, '2026-12-02T10:00:00.000Z');
  });

  test('a test message (event_id null, kind test) is schema-valid too', async () => {
    const r = await sendAlert({ type: 'webhook', config: { url: rx.url }, secret: SECRET }, message({ eventId: null, kind: 'test', group: null, value: null, threshold: null, sample: [] }), ALLOW);
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(rx.received.at(-1)!.headers['x-devsmith-event'], 'test');
  });

  test('the receiver refuses a wrong secret and a stale timestamp; the sender does not retry a 400', async () => {
    const r = await sendAlert({ type: 'webhook', config: { url: rx.url }, secret: 'whsec_someone_else_entirely' }, message(), ALLOW);
    assert.equal(r.ok, false);
    assert.equal(r.statusCode, 400);
    assert.equal(r.retryable, false);
    assert.equal(rx.received.at(-1)!.refused, 'bad signature');
    const stale = await sendAlert({ type: 'webhook', config: { url: rx.url }, secret: SECRET }, message(), { ...ALLOW, now: () => Date.now() - 10 * 60_000 });
    assert.equal(stale.ok, false);
    assert.equal(rx.received.at(-1)!.refused, 'stale timestamp');
  });

  test('the signature helpers agree with the documented recipe', () => {
    const raw = '{"a":1}';
    const sig = signWebhook(SECRET, '1700000000', raw);
    assert.match(sig, /^v1=[0-9a-f]{64}$/);
    assert.equal(verifyWebhookSignature(SECRET, '1700000000', raw, sig), true);
    assert.equal(verifyWebhookSignature(SECRET, '1700000001', raw, sig), false);
    assert.equal(checkWebhook(SECRET, { 'x-devsmith-timestamp': '1700000000', 'x-devsmith-signature': sig }, raw, 1700000000)?.startsWith('schema'), true);
  });

  test('5xx and 429 are retryable, a redirect is not followed, a silent receiver times out', async () => {
    const target = { type: 'webhook' as const, config: { url: rx.url }, secret: SECRET };
    rx.answer = () => 503;
    assert.deepEqual(await sendAlert(target, message(), ALLOW), { ok: false, statusCode: 503, error: 'HTTP 503: no', retryable: true });
    rx.answer = () => 429;
    assert.equal((await sendAlert(target, message(), ALLOW)).retryable, true);
    rx.answer = () => 302;
    const before = rx.received.length;
    const redirect = await sendAlert(target, message(), ALLOW);
    assert.equal(redirect.ok, false);
    assert.match(redirect.error!, /redirect not followed/);
    assert.equal(rx.received.length, before + 1, 'one request: the Location was not visited');
    rx.answer = () => 'hang';
    const t0 = Date.now();
    const slow = await sendAlert(target, message(), { ...ALLOW, timeoutMs: 500 });
    assert.equal(slow.ok, false);
    assert.equal(slow.retryable, true);
    assert.match(slow.error!, /500 ms/);
    assert.ok(Date.now() - t0 < 3000);
    rx.answer = () => 200;
  });

  test('a refused connection is a retryable failure, not a crash', async () => {
    const r = await sendAlert({ type: 'webhook', config: { url: 'http://127.0.0.1:1/' }, secret: SECRET }, message(), ALLOW);
    assert.equal(r.ok, false);
    assert.equal(r.retryable, true);
    assert.match(r.error!, /ECONNREFUSED/);
  });
});

describe('Slack channel', () => {
  let cert: Cert;
  let rx: Receiver;
  before(async () => {
    cert = selfSignedCert();
    rx = await slackReceiver(cert);
  });
  after(() => rx.close());

  test('Block Kit message over HTTPS: header, summary, counts, escaped sample, button to the logs', async () => {
    const r = await sendAlert({ type: 'slack', config: { webhook_url: `${rx.url}/services/T0/B0/XYZ` }, secret: null }, message(), { ...ALLOW, extraCa: cert.cert });
    assert.equal(r.ok, true, r.error ?? '');
    const got = rx.received.at(-1)!;
    assert.equal(got.refused, null);
    const body = got.body as { text: string; blocks: Array<Record<string, any>> };
    const header = body.blocks.find((b) => b.type === 'header')!;
    assert.match(header.text.text, /\[CRITICAL\] Firing: API errors > 100 in 5 m/);
    const texts = body.blocks.filter((b) => b.type === 'section' && b.text).map((b) => b.text.text as string);
    assert.ok(texts.some((t) => t.includes('143 logs matched')));
    const code = texts.find((t) => t.startsWith('```'))!;
    assert.ok(code.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;'), code);
    assert.ok(!code.slice(3, -3).includes('```'), 'backticks in a log line cannot close the code block');
    assert.ok(!/<!channel>|<script>/.test(got.raw), 'no raw mrkdwn control sequence from a log line');
    const fields = body.blocks.find((b) => b.type === 'section' && b.fields)!.fields.map((f: any) => f.text);
    assert.ok(fields.includes('*Value:* 143') && fields.includes('*Threshold:* 100'));
    const button = body.blocks.find((b) => b.type === 'actions')!.elements[0];
    assert.equal(button.url, message().logsUrl);
  });

  test('without trusting the certificate, HTTPS fails (TLS is verified)', async () => {
    const r = await sendAlert({ type: 'slack', config: { webhook_url: rx.url }, secret: null }, message(), ALLOW);
    assert.equal(r.ok, false);
    assert.match(r.error!, /self[- ]signed|certificate/i);
  });

  test('long messages are cut to the Block Kit limits', () => {
    const long = 'x'.repeat(10_000);
    const p = slackPayload(message({ summary: long, rule: { id: '1', name: long, severity: 'warning' }, sample: Array.from({ length: 5 }, () => ({ timestamp: 't', level: 'error', service: 's', message: long })) }));
    for (const b of p.blocks as Array<Record<string, any>>) {
      if (b.type === 'header') assert.ok(b.text.text.length <= 150);
      if (b.type === 'section' && b.text) assert.ok(b.text.text.length <= 3000);
    }
  });
});
