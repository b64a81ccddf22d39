/**
 * SSRF: internal targets refused at save time (validateChannelConfig, DNS resolved) AND at connect time
 * (a name whose DNS answer turns into 127.0.0.1 after the save), redirects to loopback not followed; all
 * allowed with DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS (allowPrivateTargets).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendAlert, validateChannelConfig } from '../../src/alerts/channels/index.js';
import { isForbiddenAddress } from '../../src/alerts/channels/ssrf.js';
import { AppError } from '../../src/errors.js';
import { webhookReceiver, type Receiver } from './receivers.js';
import { ALLOW, DENY, message } from './support.js';

const SECRET = 'whsec_ssrf_test_secret_0123';
const INTERNAL = ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:a9fe:a9fe]', '[fe80::1]', '[fd00::1]', '[::]'];

async function refusedAtSave(url: string): Promise<AppError> {
  try {
    await validateChannelConfig('webhook', { url }, { allowPrivateTargets: false });
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err;
  }
  assert.fail(`${url} was accepted`);
}

describe('SSRF guard', () => {
  let rx: Receiver;
  before(async () => {
    rx = await webhookReceiver(SECRET);
  });
  after(() => rx.close());

  test('address classes', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '10.0.0.1', '169.254.169.254', '::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'fe80::1', 'fc00::1', '100.64.0.1', '0.0.0.0', '255.255.255.255', '2002:7f00:1::1', 'not-an-ip']) {
      assert.equal(isForbiddenAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(isForbiddenAddress(a), false, a);
  });

  for (const host of INTERNAL) {
    test(`save time: http://${host}/ refused with ALERT_TARGET_FORBIDDEN`, async () => {
      const err = await refusedAtSave(`http://${host}:8080/hook`);
      assert.equal(err.code, 'ALERT_TARGET_FORBIDDEN');
      assert.equal(err.status, 422);
      assert.match(err.detail, /DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS/);
    });
  }

  test('save time: a hostname resolving to loopback (localhost) is refused; Slack URLs too', async () => {
    assert.equal((await refusedAtSave('http://localhost:9/hook')).code, 'ALERT_TARGET_FORBIDDEN');
    await assert.rejects(validateChannelConfig('slack', { webhook_url: 'https://localhost/services/x' }, { allowPrivateTargets: false }), (e: AppError) => e.code === 'ALERT_TARGET_FORBIDDEN');
  });

  test('save time: allowed with allowPrivateTargets; a public address passes', async () => {
    const ok = await validateChannelConfig('webhook', { url: `${rx.url}/hook` }, { allowPrivateTargets: true });
    assert.match(String(ok.secret), /^whsec_/);
    const pub = await validateChannelConfig('webhook', { url: 'https://93.184.216.34/hook', secret: SECRET }, { allowPrivateTargets: false });
    assert.deepEqual(pub, { config: { url: 'https://93.184.216.34/hook' }, secret: SECRET });
  });

  test('connect time: IP literals are refused before connecting (nothing reaches the receiver)', async () => {
    const before = rx.received.length;
    for (const url of [rx.url, rx.url.replace('127.0.0.1', '[::ffff:127.0.0.1]')]) {
      const r = await sendAlert({ type: 'webhook', config: { url }, secret: SECRET }, message(), DENY);
      assert.equal(r.ok, false);
      assert.equal(r.retryable, false);
      assert.match(r.error!, /internal address/);
    }
    assert.equal(rx.received.length, before);
  });

  test('connect time: a name whose DNS answer changed to 127.0.0.1 after the save is refused (rebinding)', async () => {
    const port = new URL(rx.url).port;
    const before = rx.received.length;
    // The name passed the save-time check with a public answer; now the "DNS server" answers loopback.
    const rebound = async () => [{ address: '127.0.0.1', family: 4 }];
    const r = await sendAlert({ type: 'webhook', config: { url: `http://hooks.customer.example:${port}/x` }, secret: SECRET }, message(), { ...DENY, resolver: rebound });
    assert.equal(r.ok, false);
    assert.match(r.error!, /hooks\.customer\.example resolves to 127\.0\.0\.1/);
    const mixed = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.1', family: 4 }];
    const r2 = await sendAlert({ type: 'webhook', config: { url: `http://mixed.customer.example:${port}/x` }, secret: SECRET }, message(), { ...DENY, resolver: mixed });
    assert.match(r2.error!, /10\.0\.0\.1/);
    assert.equal(rx.received.length, before, 'nothing was sent to the internal address');
    // The same resolver with private targets allowed does connect (the lookup itself works).
    const allowed = await sendAlert({ type: 'webhook', config: { url: `http://hooks.customer.example:${port}/x` }, secret: SECRET }, message(), { ...ALLOW, resolver: rebound });
    assert.equal(allowed.ok, true, allowed.error ?? '');
  });

  test('connect time: localhost through the system resolver is refused', async () => {
    const port = new URL(rx.url).port;
    const r = await sendAlert({ type: 'webhook', config: { url: `http://localhost:${port}/` }, secret: SECRET }, message(), DENY);
    assert.equal(r.ok, false);
    assert.match(r.error!, /localhost resolves to/);
  });

  test('a redirect to loopback is not followed', async () => {
    // A public-looking receiver answering 307 Location: http://127.0.0.1:1/ (the receiver's 3xx answer).
    rx.answer = () => 307;
    const before = rx.received.length;
    const r = await sendAlert({ type: 'webhook', config: { url: rx.url }, secret: SECRET }, message(), ALLOW);
    rx.answer = () => 200;
    assert.equal(r.ok, false);
    assert.equal(r.statusCode, 307);
    assert.match(r.error!, /redirect not followed \(to http:\/\/127\.0\.0\.1:1\/\)/);
    assert.equal(rx.received.length, before + 1);
  });

  test('bad configs are VALIDATION_FAILED with a message that says what to fix', async () => {
    const cases: Array<[Parameters<typeof validateChannelConfig>[0], unknown, RegExp]> = [
      ['webhook', { url: 'ftp://example.com/x' }, /must start with http:\/\/ or https:\/\//],
      ['webhook', { url: 'https://user:pw@example.com/x' }, /must not carry a user/],
      ['webhook', { url: 'https://example.com/x', secret: 'short' }, /16 to 256/],
      ['webhook', { url: 'https://example.com/x', extra: 1 }, /unknown webhook config field "extra"/],
      ['slack', { webhook_url: 'http://hooks.slack.com/services/x' }, /must start with https:\/\//],
      ['email', { to: [] }, /1 to 20/],
      ['email', { to: ['ops@example.com', 'not an address'] }, /"not an address" is not an email address/],
      ['webhook', 'https://example.com', /must be an object/],
    ];
    for (const [type, config, detail] of cases) {
      await assert.rejects(validateChannelConfig(type, config, { allowPrivateTargets: true }), (e: AppError) => e.code === 'VALIDATION_FAILED' && detail.test(e.detail), `${JSON.stringify(config)}`);
    }
  });
});
