/**
 * /api/alerts on each backend: every rule kind fires, resolves, de-duplicates, honours for_s and the mute.
 * Deterministic: the background scheduler is off; the test evaluates rules itself with an explicit `now`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { evaluateRule } from '../../src/alerts/evaluator.js';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const MIN = 60_000;
const URL_BASE = 'https://logs.example.com';

for (const backend of backends()) {
  describe(`alerts API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    let channelId: string;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();

    before(async () => {
      app = await makeApp(backend, { DEVSMITH_ALERTS: 'off', DEVSMITH_PUBLIC_URL: URL_BASE });
      admin = await setupAdmin(app);
      project = await createProject(app, admin, 'Shop');
      channelId = (await app.services.store.createAlertChannel({ projectId: project.id, name: 'hook', type: 'webhook', config: { url: 'https://example.com/h' }, secret: 's' })).id;
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, s: Session = admin) => {
      const res = await app.app.inject({ method, url, headers: { cookie: s.cookie }, ...(payload ? { payload } : {}) });
      return { code: res.statusCode, body: res.body ? res.json() : null };
    };
    const ingest = async (logs: object[], service = 'api') => {
      const res = await app.app.inject(batch(project.key, { service_name: service, logs }));
      assert.equal(res.statusCode, 201, res.body);
    };
    const createRule = async (over: object) => {
      const res = await call('POST', '/api/alerts/rules', { project_id: project.id, name: 'r', severity: 'critical', channel_ids: [channelId], ...over });
      assert.equal(res.code, 201, JSON.stringify(res.body));
      return res.body as { id: string };
    };
    const evaluate = async (id: string, at: number) => {
      const rule = (await app.services.store.getAlertRule(id))!;
      return evaluateRule(app.services.store, URL_BASE, rule, at);
    };
    const events = async (ruleId: string) => (await call('GET', `/api/alerts/events?rule_id=${ruleId}`)).body.data as Array<Record<string, any>>;

    test('query threshold: fires once with why and a link, de-duplicates, resolves', async () => {
      await ingest(Array.from({ length: 5 }, (_, i) => ({ level: 'error', message: `payment failed ${i}`, timestamp: iso(now - MIN + i) })));
      const rule = await createRule({ name: 'payment errors', condition: { kind: 'query', query: 'level:error payment', window_s: 300, op: '>', threshold: 3 } });
      await evaluate(rule.id, now);
      await evaluate(rule.id, now + MIN); // still above: the same incident, no second event
      let list = await events(rule.id);
      assert.deepEqual(list.map((e) => e.kind), ['firing']);
      const e = list[0]!;
      assert.equal(e.summary, '5 logs matched `level:error payment` in 5 m (threshold > 3)');
      assert.equal(e.value, 5);
      assert.equal(e.threshold, 3);
      assert.equal(e.sample.length, 5);
      assert.match(e.sample[0].message, /^payment failed/);
      const link = new URL(e.logs_url);
      assert.equal(link.origin + link.pathname, `${URL_BASE}/explore`);
      assert.equal(link.searchParams.get('q'), 'level:error payment');
      assert.equal(link.searchParams.get('project'), 'shop');
      assert.equal(link.searchParams.get('to'), iso(now));
      assert.deepEqual(e.deliveries.map((d: any) => [d.channel_id, d.status]), [[channelId, 'pending']]);
      const shown = (await call('GET', `/api/alerts/rules/${rule.id}`)).body;
      assert.equal(shown.state, 'firing');
      assert.equal(shown.last_value, 5);
      await evaluate(rule.id, now + 10 * MIN); // the logs left the window
      list = await events(rule.id);
      assert.deepEqual(list.map((x) => x.kind), ['resolved', 'firing']);
      assert.match(list[0]!.summary, /^Resolved: 0 logs matched/);
      assert.equal((await call('GET', `/api/alerts/rules/${rule.id}`)).body.state, 'ok');
    });

    test('a firing rule saved again with the same condition stays firing; a changed condition starts afresh', async () => {
      await ingest(Array.from({ length: 4 }, (_, i) => ({ level: 'error', message: `refund failed ${i}`, timestamp: iso(now - MIN + i) })));
      const condition = { kind: 'query', query: 'level:error refund', window_s: 300, op: '>=', threshold: 2 };
      const rule = await createRule({ name: 'refunds', condition });
      await evaluate(rule.id, now);
      // What the dashboard's form sends on a rename: every field, the condition unchanged (keys in another order).
      const renamed = await call('PATCH', `/api/alerts/rules/${rule.id}`, { name: 'refunds (eu)', condition: { threshold: 2, op: '>=', window_s: 300, query: 'level:error refund', kind: 'query' } });
      assert.equal(renamed.code, 200, JSON.stringify(renamed.body));
      assert.equal(renamed.body.state, 'firing', 'the state is kept');
      await evaluate(rule.id, now + 1000);
      assert.deepEqual((await events(rule.id)).map((e) => e.kind), ['firing'], 'no second firing for the same incident');
      const changed = await call('PATCH', `/api/alerts/rules/${rule.id}`, { condition: { ...condition, threshold: 3 } });
      assert.equal(changed.code, 200);
      assert.equal(changed.body.state, 'ok', 'another question: no state yet');
      await evaluate(rule.id, now + 2000);
      assert.deepEqual((await events(rule.id)).map((e) => e.kind), ['firing', 'firing'], 'the new condition fires on its own');
    });

    test('for_s holds the alert pending; reminders while firing; mute keeps state but sends nothing', async () => {
      await ingest(Array.from({ length: 3 }, () => ({ level: 'warn', message: 'disk almost full', timestamp: iso(now - MIN) })), 'disk');
      const rule = await createRule({ for_s: 120, reminder_s: 60, condition: { kind: 'query', query: 'disk', window_s: 3600, op: '>=', threshold: 3 } });
      await evaluate(rule.id, now);
      assert.equal((await call('GET', `/api/alerts/rules/${rule.id}`)).body.state, 'pending');
      await evaluate(rule.id, now + MIN);
      assert.deepEqual(await events(rule.id), [], 'nothing before for_s passed');
      await evaluate(rule.id, now + 2 * MIN);
      assert.deepEqual((await events(rule.id)).map((e) => e.kind), ['firing']);
      await evaluate(rule.id, now + 3 * MIN);
      assert.deepEqual((await events(rule.id)).map((e) => e.kind), ['reminder', 'firing']);
      const muted = await call('POST', `/api/alerts/rules/${rule.id}/mute`, { until: iso(now + 2 * 3600_000) });
      assert.equal(muted.code, 200);
      assert.ok(muted.body.muted_until);
      await evaluate(rule.id, now + 4 * MIN); // muted: no reminder
      await evaluate(rule.id, now + 70 * MIN); // resolved: recorded, not delivered
      const list = await events(rule.id);
      assert.deepEqual(list.map((e) => e.kind), ['resolved', 'reminder', 'firing']);
      assert.deepEqual(list[0]!.deliveries, []);
      assert.equal((await call('DELETE', `/api/alerts/rules/${rule.id}/mute`)).body.muted_until, null);
    });

    test('group_by service fires one alert per group', async () => {
      await ingest([{ level: 'error', message: 'timeout a', timestamp: iso(now - MIN) }, { level: 'error', message: 'timeout b', timestamp: iso(now - MIN) }], 'checkout');
      await ingest([{ level: 'error', message: 'timeout c', timestamp: iso(now - MIN) }, { level: 'error', message: 'timeout d', timestamp: iso(now - MIN) }], 'billing');
      await ingest([{ level: 'error', message: 'timeout e', timestamp: iso(now - MIN) }], 'mailer');
      const rule = await createRule({ condition: { kind: 'query', query: 'timeout', window_s: 300, op: '>=', threshold: 2, group_by: 'service' } });
      await evaluate(rule.id, now);
      await evaluate(rule.id, now + 1000);
      const list = await events(rule.id);
      assert.deepEqual(list.map((e) => e.group).sort(), ['billing', 'checkout']);
      assert.ok(list.every((e) => e.kind === 'firing' && / for service = (billing|checkout)$/.test(e.summary)));
      assert.equal(new URL(list[0]!.logs_url).searchParams.get('q'), `timeout service:${list[0]!.group}`);
      const shown = (await call('GET', `/api/alerts/rules/${rule.id}`)).body;
      assert.deepEqual(shown.groups.map((g: any) => g.group).sort(), ['billing', 'checkout']);
    });

    test('silence: a service that usually sends and stopped fires; one that never sent does not', async () => {
      await ingest(Array.from({ length: 20 }, (_, h) => ({ level: 'info', message: 'tick', timestamp: iso(now - (h + 2) * 3600_000) })), 'cron');
      const cron = await createRule({ condition: { kind: 'silence', service: 'cron', window_s: 3600 } });
      const ghost = await createRule({ condition: { kind: 'silence', service: 'ghost', window_s: 3600 } });
      await evaluate(cron.id, now);
      await evaluate(ghost.id, now);
      const list = await events(cron.id);
      assert.deepEqual(list.map((e) => e.kind), ['firing']);
      assert.match(list[0]!.summary, /^No logs from service cron in 1 h; it sent logs in \d+ of 24 windows/);
      assert.deepEqual(await events(ghost.id), []);
    });

    test('error groups: new, frequency and regression', async () => {
      await ingest([{ level: 'error', message: 'TypeError: x is undefined', timestamp: iso(now - MIN), context: { stack: 'TypeError: x\n    at f (a.js:1:1)' } }], 'web');
      const fresh = await createRule({ condition: { kind: 'error_group', event: 'new', window_s: 3600, service: 'web' } });
      await evaluate(fresh.id, now);
      let list = await events(fresh.id);
      assert.equal(list.length, 1);
      assert.match(list[0]!.summary, /^New error "TypeError: x/);
      const groupId = list[0]!.group as string;
      await evaluate(fresh.id, now + 2 * 3600_000);
      assert.deepEqual((await events(fresh.id)).map((e) => e.kind), ['resolved', 'firing']);

      await ingest(Array.from({ length: 3 }, () => ({ level: 'error', message: 'TypeError: x is undefined', timestamp: iso(now - MIN), context: { stack: 'TypeError: x\n    at f (a.js:1:1)' } })), 'web');
      const freq = await createRule({ condition: { kind: 'error_group', event: 'frequency', window_s: 600, threshold: 3, service: 'web' } });
      await evaluate(freq.id, now);
      list = await events(freq.id);
      assert.equal(list.length, 1);
      assert.equal(list[0]!.group, groupId);
      assert.equal(list[0]!.value, 4);

      const regression = await createRule({ condition: { kind: 'error_group', event: 'regression', window_s: 3600 } });
      assert.equal((await call('PATCH', `/api/errors/${groupId}`, { status: 'resolved' })).code, 200);
      await ingest([{ level: 'error', message: 'TypeError: x is undefined', timestamp: iso(Date.now()), context: { stack: 'TypeError: x\n    at f (a.js:1:1)' } }], 'web');
      await evaluate(regression.id, Date.now() + 1000);
      list = await events(regression.id);
      assert.equal(list.length, 1);
      assert.match(list[0]!.summary, /regressed/);
    });

    test('error rate and latency from the performance aggregates', async () => {
      const minute = Math.floor(now / MIN) * MIN - 2 * MIN;
      await ingest(Array.from({ length: 10 }, (_, i) => ({
        level: i < 5 ? 'error' : 'info', message: 'GET /pay', timestamp: iso(minute + i * 1000),
        context: { http: { method: 'GET', route: '/pay', status: i < 5 ? 500 : 200, duration_ms: 800 + i } },
      })), 'payments');
      const rate = await createRule({ condition: { kind: 'error_rate', service: 'payments', window_s: 300, threshold_pct: 20 } });
      const latency = await createRule({ condition: { kind: 'latency', service: 'payments', route: '/pay', window_s: 300, percentile: 95, threshold_ms: 500 } });
      const calm = await createRule({ condition: { kind: 'latency', service: 'payments', window_s: 300, percentile: 50, threshold_ms: 5000 } });
      for (const r of [rate, latency, calm]) await evaluate(r.id, now);
      const [rateEvent] = await events(rate.id);
      assert.equal(rateEvent!.value, 50);
      assert.match(rateEvent!.summary, /^Error rate of payments 50 % \(5 of 10 requests\) in 5 m \(threshold > 20 %\)/);
      const [latencyEvent] = await events(latency.id);
      assert.match(latencyEvent!.summary, /^p95 latency of payments \/pay \d+(\.\d+)? ms over 10 requests in 5 m \(threshold > 500 ms\)/);
      assert.deepEqual(await events(calm.id), []);
    });

    test('preview: would have fired, writes nothing', async () => {
      const body = { project_id: project.slug, name: 'p', severity: 'info', interval_s: 3600, condition: { kind: 'query', query: 'payment', window_s: 3600, op: '>', threshold: 1 } };
      const res = await call('POST', '/api/alerts/preview', body);
      assert.equal(res.code, 200, JSON.stringify(res.body));
      assert.equal(res.body.evaluations, 24);
      assert.equal(res.body.fired, 1);
      assert.equal(res.body.firings[0].value, 5);
      assert.equal(res.body.points.length, 24);
      assert.ok(res.body.points.some((p: any) => p.state === 'firing'));
    });

    test('bad input is a 400 with a stable code; other users see nothing', async () => {
      const base = { project_id: project.id, name: 'bad', severity: 'info' };
      const q = await call('POST', '/api/alerts/rules', { ...base, condition: { kind: 'query', query: 'level:(error', window_s: 300, op: '>', threshold: 1 } });
      assert.equal(q.code, 400);
      assert.equal(q.body.code, 'INVALID_QUERY');
      const both = await call('POST', '/api/alerts/rules', { ...base, condition: { kind: 'error_rate', window_s: 300 } });
      assert.equal(both.body.code, 'INVALID_ALERT_RULE');
      const ch = await call('POST', '/api/alerts/rules', { ...base, channel_ids: ['999999'], condition: { kind: 'silence', window_s: 600 } });
      assert.equal(ch.body.code, 'UNKNOWN_ALERT_CHANNEL');
      const shape = await call('POST', '/api/alerts/rules', { ...base, condition: { kind: 'silence', window_s: 5 } });
      assert.equal(shape.code, 400);
      const rule = await createRule({ condition: { kind: 'silence', window_s: 600 } });
      const member = await createMember(app, admin);
      assert.equal((await call('GET', `/api/alerts/rules/${rule.id}`, undefined, member)).code, 404);
      assert.equal((await call('DELETE', `/api/alerts/rules/${rule.id}`, undefined, member)).code, 404);
      assert.deepEqual((await call('GET', '/api/alerts/rules', undefined, member)).body.data, []);
      assert.deepEqual((await call('GET', '/api/alerts/events', undefined, member)).body.data, []);
      const patched = await call('PATCH', `/api/alerts/rules/${rule.id}`, { name: 'renamed', enabled: false });
      assert.deepEqual([patched.body.name, patched.body.enabled], ['renamed', false]);
      assert.equal((await call('DELETE', `/api/alerts/rules/${rule.id}`)).code, 204);
      assert.equal((await call('GET', `/api/alerts/rules/${rule.id}`)).code, 404);
    });
  });
}
