/**
 * The anomaly alert condition on each backend: days of steady per-minute logs for three services, then in the
 * last 10 minutes before T checkout at 10x its volume and payments at 60 % errors (from none). The rule fires
 * for each of them apart (not for the steady worker), says why with numbers, and resolves once its window no
 * longer holds the incident. Deterministic: the scheduler is off and
 * the test evaluates the rule itself at explicit times.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { evaluateRule } from '../../src/alerts/evaluator.js';
import type { LogRow } from '../../src/store/types.js';
import { backends, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const MIN = 60_000;
const H = 3_600_000;
const DAY = 86_400_000;
const URL_BASE = 'https://logs.example.com';

for (const backend of backends()) {
  describe(`anomaly alerts (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    // T: 3 h ago on the 5-minute grid (so that the preview's hourly evaluation at now - 3 h sees the spike);
    // the data runs from 4 days before it to 4 h after it (past now: an end of data would be a drop).
    const T = Math.floor(Date.now() / (5 * MIN)) * 5 * MIN - 3 * H;

    before(async () => {
      app = await makeApp(backend, { DEVSMITH_ALERTS: 'off', DEVSMITH_PUBLIC_URL: URL_BASE });
      admin = await setupAdmin(app);
      project = await createProject(app, admin, 'Shop');
      const rows: LogRow[] = [];
      for (let m = T - 4 * DAY; m < T + 4 * H; m += MIN) {
        const incident = m >= T - 10 * MIN && m < T;
        for (const service of ['checkout', 'worker', 'payments']) {
          const n = service === 'checkout' && incident ? 20 : service === 'payments' ? 5 : 2;
          for (let i = 0; i < n; i++) {
            const failed = service === 'payments' && incident && i < 3;
            rows.push({
              projectId: project.id, ts: m + Math.floor((i * MIN) / n), receivedAt: m, level: failed ? 'ERROR' : 'INFO', service, message: failed ? 'card declined' : `order ${i} placed`,
              context: '{}', environment: null, version: null, host: null, traceId: null, spanId: null,
            });
          }
        }
      }
      for (let i = 0; i < rows.length; i += 5000) await app.services.store.insertLogs(rows.slice(i, i + 5000));
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await app.app.inject({ method, url, headers: { cookie: admin.cookie }, ...(payload ? { payload } : {}) });
      return { code: res.statusCode, body: res.body ? res.json() : null };
    };
    const createRule = async (condition: object) => {
      const res = await call('POST', '/api/alerts/rules', { project_id: project.id, name: 'anomalies', severity: 'warning', condition });
      assert.equal(res.code, 201, JSON.stringify(res.body));
      return res.body as { id: string; condition: Record<string, unknown> };
    };
    const evaluate = async (id: string, at: number) => evaluateRule(app.services.store, URL_BASE, (await app.services.store.getAlertRule(id))!, at);
    const events = async (ruleId: string) => (await call('GET', `/api/alerts/events?rule_id=${ruleId}`)).body.data as Array<Record<string, any>>;

    const byGroup = (ms: Array<{ group: string; value: number | null; breached: boolean }>) => ms.map((m) => [m.group, m.value, m.breached]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

    test('fires per anomalous service with a summary naming it, not for the steady one; resolves when the window moves on', async () => {
      const rule = await createRule({ kind: 'anomaly' });
      assert.equal(rule.condition.window_s, 3600, 'the window defaults to an hour');
      const first = await evaluate(rule.id, T);
      assert.deepEqual(byGroup(first.measurements), [['checkout', 1, true], ['payments', 1, true]], JSON.stringify(first.measurements));
      let list = await events(rule.id);
      assert.deepEqual(list.map((e) => [e.kind, e.group]).sort(), [['firing', 'checkout'], ['firing', 'payments']]);
      const e = list.find((x) => x.group === 'checkout')!;
      const at = new Date(T - 10 * MIN).toISOString().slice(11, 16);
      assert.equal(e.summary, `1 anomaly on checkout in the last 1 h: volume spike ×10 at ${at} UTC (expected 10/5 m, got 100)`);
      assert.equal(e.value, 1);
      assert.equal(e.threshold, 0);
      assert.equal(new URL(e.logs_url).searchParams.get('q'), 'service:checkout');
      assert.equal(e.sample.length, 5);
      assert.ok(e.sample.every((l: any) => l.service === 'checkout'));
      const p = list.find((x) => x.group === 'payments')!;
      assert.equal(p.summary, `1 anomaly on payments in the last 1 h: error rate spike at ${at} UTC (expected 0 %, got 60 %)`);
      assert.equal(new URL(p.logs_url).searchParams.get('q'), 'service:payments level:>=error');
      assert.ok(p.sample.length > 0 && p.sample.every((l: any) => l.service === 'payments' && l.level === 'ERROR'), JSON.stringify(p.sample));

      await evaluate(rule.id, T + MIN); // the same incident: no second event
      assert.equal((await events(rule.id)).length, 2);
      const later = await evaluate(rule.id, T + 2 * H); // [T+1h, T+2h): steady again
      assert.deepEqual(byGroup(later.measurements), [['checkout', 0, false], ['payments', 0, false]]);
      list = await events(rule.id);
      assert.deepEqual(list.slice(0, 2).map((x) => [x.kind, x.group]).sort(), [['resolved', 'checkout'], ['resolved', 'payments']]);
      assert.ok(list.slice(0, 2).some((x) => x.summary === 'Resolved: No anomalies on checkout in the last 1 h'));
    });

    test('a rule on the steady service stays quiet; an error-rate rule sees payments only; preview counts the firing', async () => {
      const steady = await createRule({ kind: 'anomaly', service: 'worker', window_s: 1800 });
      const rate = await createRule({ kind: 'anomaly', metric: 'error_rate' });
      const quiet = await evaluate(steady.id, T);
      assert.deepEqual(quiet.measurements.map((m) => [m.group, m.value, m.breached, m.summary]), [['worker', 0, false, 'No anomalies on worker in the last 30 m']]);
      const rated = await evaluate(rate.id, T);
      assert.deepEqual(byGroup(rated.measurements), [['payments', 1, true]], 'the volume spike of checkout is not an error-rate anomaly');
      assert.match(rated.measurements[0]!.summary, /^1 error rate anomaly on payments in the last 1 h: error rate spike/);
      assert.deepEqual(await events(steady.id), []);
      assert.deepEqual((await events(rate.id)).map((x) => [x.kind, x.group]), [['firing', 'payments']]);

      const preview = await call('POST', '/api/alerts/preview', { project_id: project.slug, name: 'p', severity: 'info', interval_s: 3600, condition: { kind: 'anomaly', service: 'checkout' } });
      assert.equal(preview.code, 200, JSON.stringify(preview.body));
      assert.equal(preview.body.evaluations, 24);
      assert.equal(preview.body.fired, 1, JSON.stringify(preview.body.firings));
      assert.equal(preview.body.firings[0].group, 'checkout');
      assert.notEqual(preview.body.firings[0].resolvedAt, null);
      // Every minute: the anomaly kind steps by its 5-minute buckets (nothing changes in between).
      const fine = await call('POST', '/api/alerts/preview', { project_id: project.slug, name: 'p', severity: 'info', interval_s: 60, condition: { kind: 'anomaly' } });
      assert.equal(fine.code, 200, JSON.stringify(fine.body));
      assert.equal(fine.body.evaluations, 288);
      assert.deepEqual(fine.body.firings.map((f: any) => f.group).sort(), ['checkout', 'payments']);
    });

    test('bad anomaly conditions are a 400 with a stable code and a sentence', async () => {
      const post = (condition: object) => call('POST', '/api/alerts/rules', { project_id: project.id, name: 'bad', severity: 'info', condition });
      const short = await post({ kind: 'anomaly', window_s: 120 });
      assert.equal(short.code, 400);
      assert.equal(short.body.code, 'INVALID_ALERT_RULE');
      assert.match(short.body.detail ?? short.body.message, /window_s must be whole minutes between 300 and 86400/);
      const odd = await post({ kind: 'anomaly', window_s: 330 });
      assert.equal(odd.body.code, 'INVALID_ALERT_RULE');
      const blank = await post({ kind: 'anomaly', service: '  ' });
      assert.equal(blank.body.code, 'INVALID_ALERT_RULE');
      const metric = await post({ kind: 'anomaly', metric: 'latency' });
      assert.equal(metric.code, 400);
      const extra = await post({ kind: 'anomaly', threshold: 3 });
      assert.equal(extra.code, 400);
    });
  });
}
