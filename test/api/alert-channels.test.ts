/**
 * /api/alerts/channels on both backends: create (secret shown once), list/get (secrets never), patch (the
 * secret kept), send test to real receivers (recorded in the delivery log), SSRF refusal at save time,
 * validation, and access (another owner's channel is 404 everywhere).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';
import { selfSignedCert, slackReceiver, webhookReceiver, type Cert, type Receiver } from '../alerts/receivers.js';
import { verifyWebhookSignature } from '../../src/alerts/channels/index.js';

for (const backend of backends()) {
  describe(`alert channels API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let member: Session;
    let project: { id: number; slug: string };
    let memberProject: { id: number; slug: string };
    let cert: Cert;
    let slack: Receiver;
    const receivers: Receiver[] = [];
    const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, s: Session | null, payload?: unknown) => {
      const res = await app.app.inject({ method, url, headers: s ? { cookie: s.cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { code: res.statusCode, body: res.body ? res.json() : null, raw: res.body };
    };
    before(async () => {
      cert = selfSignedCert();
      slack = await slackReceiver(cert);
      app = await makeApp(backend, { DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS: '1', DEVSMITH_PUBLIC_URL: 'https://logs.example.com' }, { alertSender: { extraCa: cert.cert } });
      admin = await setupAdmin(app);
      member = await createMember(app, admin);
      project = await createProject(app, admin, 'Shop');
      memberProject = await createProject(app, member, 'Member App');
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
      await slack.close();
      for (const r of receivers) await r.close();
    });

    test('happy: a webhook gets a generated secret once; list and get never show it; send test is signed and logged', async () => {
      // The receiver only learns the secret from the 201 answer, as a customer would.
      let secret = '';
      const rx = await webhookReceiver('placeholder-until-created');
      receivers.push(rx);
      const created = await call('POST', '/api/alerts/channels', admin, { project_id: project.id, name: 'Ops hook', type: 'webhook', config: { url: `${rx.url}/hook` } });
      assert.equal(created.code, 201, created.raw);
      secret = created.body.secret;
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{32}$/);
      assert.deepEqual(created.body.config, { url: `${rx.url}/hook`, has_secret: true });
      assert.equal(created.body.project_id, project.id);
      assert.equal(created.body.enabled, true);
      const id = created.body.id as string;

      const list = await call('GET', `/api/alerts/channels?project_id=${project.id}`, admin);
      assert.equal(list.code, 200);
      assert.deepEqual(list.body.data.map((c: { id: string }) => c.id), [id]);
      for (const r of [list.raw, (await call('GET', `/api/alerts/channels/${id}`, admin)).raw]) assert.ok(!r.includes(secret), 'the secret is never shown again');

      const sent = await call('POST', `/api/alerts/channels/${id}/test`, admin);
      assert.equal(sent.code, 200, sent.raw);
      const d = sent.body.delivery;
      assert.equal(d.test, true);
      assert.equal(d.event_id, null);
      assert.equal(d.status, 'failed', 'the placeholder receiver refused the signature: the failure is logged');
      assert.equal(d.last_status_code, 400);
      assert.match(d.last_error, /bad signature/);
      const got = rx.received.at(-1)!;
      const ts = String(got.headers['x-devsmith-timestamp']);
      assert.equal(verifyWebhookSignature(secret, ts, got.raw, String(got.headers['x-devsmith-signature'])), true, 'signed with the secret shown at creation');
      const body = got.body as Record<string, any>;
      assert.equal(body.kind, 'test');
      assert.equal(body.project.slug, project.slug);
      assert.ok(body.logs_url.startsWith('https://logs.example.com/'), body.logs_url);
    });

    test('happy: send test to a receiver that knows the secret is sent; patch keeps the secret; disable', async () => {
      const secret = 'whsec_customer_chosen_secret_1';
      const rx = await webhookReceiver(secret);
      receivers.push(rx);
      const created = await call('POST', '/api/alerts/channels', admin, { project_id: project.id, name: 'Signed', type: 'webhook', config: { url: rx.url, secret } });
      assert.equal(created.code, 201, created.raw);
      const id = created.body.id;
      const rename = await call('PATCH', `/api/alerts/channels/${id}`, admin, { name: 'Signed hook', config: { url: `${rx.url}/v2` } });
      assert.equal(rename.code, 200, rename.raw);
      assert.equal(rename.body.name, 'Signed hook');
      assert.equal(rename.body.secret, undefined, 'a kept secret is not shown');
      assert.deepEqual(rename.body.config, { url: `${rx.url}/v2`, has_secret: true });
      const sent = await call('POST', `/api/alerts/channels/${id}/test`, admin);
      assert.equal(sent.body.delivery.status, 'sent', sent.raw);
      assert.equal(sent.body.delivery.last_status_code, 200);
      assert.equal(sent.body.delivery.attempts, 1);
      assert.equal(sent.body.delivery.channel_name, 'Signed hook');
      assert.ok(sent.body.delivery.sent_at);
      assert.equal(rx.received.at(-1)!.refused, null);
      const disabled = await call('PATCH', `/api/alerts/channels/${id}`, admin, { enabled: false });
      assert.equal(disabled.body.enabled, false);
    });

    test('happy: Slack channel shows its URL elided and sends Block Kit to the receiver', async () => {
      const url = `${slack.url}/services/T000/B000/SECRETTOKEN123`;
      const created = await call('POST', '/api/alerts/channels', admin, { project_id: project.id, name: 'Slack #ops', type: 'slack', config: { webhook_url: url } });
      assert.equal(created.code, 201, created.raw);
      assert.equal(created.body.config.webhook_url, `${slack.url}/…/SECR`);
      assert.ok(!created.raw.includes('SECRETTOKEN123'));
      const sent = await call('POST', `/api/alerts/channels/${created.body.id}/test`, admin);
      assert.equal(sent.body.delivery.status, 'sent', sent.raw);
      assert.equal(slack.received.at(-1)!.refused, null);
    });

    test('happy: email channel, and delete', async () => {
      const created = await call('POST', '/api/alerts/channels', admin, { project_id: project.id, name: 'On call', type: 'email', config: { to: ['oncall@example.com'] } });
      assert.equal(created.code, 201, created.raw);
      assert.deepEqual(created.body.config, { to: ['oncall@example.com'] });
      // No DEVSMITH_SMTP_URL in this app: the test send says so, in the log.
      const sent = await call('POST', `/api/alerts/channels/${created.body.id}/test`, admin);
      assert.equal(sent.body.delivery.status, 'failed');
      assert.match(sent.body.delivery.last_error, /DEVSMITH_SMTP_URL/);
      assert.equal((await call('DELETE', `/api/alerts/channels/${created.body.id}`, admin)).code, 204);
      assert.equal((await call('GET', `/api/alerts/channels/${created.body.id}`, admin)).code, 404);
    });

    test('error: bad input is a 400 problem with a stable code and an actionable message', async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        [{ project_id: project.id, name: 'x', type: 'pager', config: {} }, 'VALIDATION_FAILED', /type/],
        [{ project_id: project.id, name: '', type: 'webhook', config: { url: 'https://example.com' } }, 'VALIDATION_FAILED', /name/],
        [{ project_id: project.id, name: 'x', type: 'webhook', config: { url: 'gopher://example.com' } }, 'VALIDATION_FAILED', /http:\/\/ or https:\/\//],
        [{ project_id: project.id, name: 'x', type: 'email', config: { to: ['nobody'] } }, 'VALIDATION_FAILED', /"nobody" is not an email address/],
        [{ project_id: project.id, name: 'x', type: 'slack', config: { webhook_url: 'http://hooks.slack.com/x' } }, 'VALIDATION_FAILED', /https/],
      ];
      for (const [payload, code, detail] of cases) {
        const res = await call('POST', '/api/alerts/channels', admin, payload);
        assert.equal(res.code, 400, res.raw);
        assert.equal(res.body.code, code);
        assert.match(res.body.detail, detail);
      }
      const noProject = await call('POST', '/api/alerts/channels', admin, { project_id: 999_999, name: 'x', type: 'email', config: { to: ['a@example.com'] } });
      assert.equal(noProject.code, 404);
      assert.equal((await call('PATCH', '/api/alerts/channels/123456', admin, { name: 'y' })).code, 404);
      assert.equal((await call('GET', '/api/alerts/channels/abc', admin)).code, 400);
    });

    test('security: another owner\'s channels are 404 everywhere and never listed; no session is 401', async () => {
      const mine = await call('POST', '/api/alerts/channels', admin, { project_id: project.id, name: 'Admin only', type: 'email', config: { to: ['admin@example.com'] } });
      const id = mine.body.id;
      assert.equal((await call('GET', `/api/alerts/channels?project_id=${project.id}`, member)).code, 404);
      const list = await call('GET', '/api/alerts/channels', member);
      assert.deepEqual(list.body.data, []);
      for (const [method, url, payload] of [
        ['GET', `/api/alerts/channels/${id}`, undefined],
        ['PATCH', `/api/alerts/channels/${id}`, { name: 'mine now' }],
        ['DELETE', `/api/alerts/channels/${id}`, undefined],
        ['POST', `/api/alerts/channels/${id}/test`, undefined],
      ] as const) {
        const res = await call(method, url, member, payload);
        assert.equal(res.code, 404, `${method} ${url}`);
      }
      const stolen = await call('POST', '/api/alerts/channels', member, { project_id: project.id, name: 'x', type: 'email', config: { to: ['m@example.com'] } });
      assert.equal(stolen.code, 404, 'a member cannot add a channel to a project that is not theirs');
      const own = await call('POST', '/api/alerts/channels', member, { project_id: memberProject.id, name: 'Mine', type: 'email', config: { to: ['m@example.com'] } });
      assert.equal(own.code, 201);
      assert.equal((await call('GET', '/api/alerts/channels', null)).code, 401);
      assert.equal((await call('GET', `/api/alerts/channels/${id}`, admin)).body.name, 'Admin only', 'unchanged');
      // An admin sees every project's channels.
      const all = await call('GET', '/api/alerts/channels', admin);
      assert.ok(all.body.data.some((c: { id: string }) => c.id === own.body.id));
    });
  });
}

describe('alert channels API: SSRF at save time', () => {
  const [sqlite] = backends();
  let app: App;
  let admin: Session;
  let project: { id: number };
  before(async () => {
    app = await makeApp(sqlite!); // DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS not set
    admin = await setupAdmin(app);
    project = await createProject(app, admin, 'Shop');
  });
  after(async () => {
    await app.shutdown();
    await sqlite!.cleanup();
  });

  for (const url of ['http://127.0.0.1:8080/x', 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://localhost:9/x']) {
    test(`${url} is 422 ALERT_TARGET_FORBIDDEN`, async () => {
      const res = await app.app.inject({ method: 'POST', url: '/api/alerts/channels', headers: { cookie: admin.cookie }, payload: { project_id: project.id, name: 'x', type: 'webhook', config: { url } } });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().code, 'ALERT_TARGET_FORBIDDEN');
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    });
  }
});
