/** Contract cases: alert rules, states, events, channels and the delivery log (alerts-types.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertEvaluationWrite, AlertRule, NewAlertEvent } from '../alerts-types.js';
import type { Store } from '../types.js';
import { type Backend, withProject } from './harness.js';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);

async function setup(s: Store) {
  const { projectId } = await withProject(s);
  const hook = await s.createAlertChannel({ projectId, name: 'hook', type: 'webhook', config: { url: 'https://example.com/h' }, secret: 'whsec_x' });
  const mail = await s.createAlertChannel({ projectId, name: 'mail', type: 'email', config: { to: ['a@example.com'] }, secret: null });
  const rule = await s.createAlertRule({
    projectId,
    name: 'errors',
    severity: 'critical',
    intervalS: 60,
    forS: 0,
    reminderS: 3600,
    channelIds: [hook.id, mail.id],
    condition: { kind: 'query', query: 'level:error', window_s: 300, op: '>', threshold: 10 },
    nextRunAt: T0,
  });
  return { projectId, hook, mail, rule };
}

function firing(rule: AlertRule, at: number): NewAlertEvent {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    projectId: rule.projectId,
    groupKey: null,
    kind: 'firing',
    severity: rule.severity,
    at,
    value: 12,
    threshold: 10,
    summary: '12 logs matched',
    logsUrl: 'http://localhost/explore?q=level%3Aerror',
    sample: [{ timestamp: new Date(at).toISOString(), level: 'ERROR', service: 'api', message: 'boom' }],
  };
}

function write(rule: AlertRule, at: number, events: NewAlertEvent[]): AlertEvaluationWrite {
  return {
    ruleId: rule.id,
    expectNextRunAt: rule.nextRunAt,
    evaluatedAt: at,
    nextRunAt: at + 60_000,
    states: [{ ruleId: rule.id, groupKey: '', state: 'firing', since: at, pendingSince: null, lastValue: 12, lastNotifiedAt: at }],
    removeGroupKeys: [],
    events: events.map((event) => ({ event, channelIds: rule.channelIds })),
  };
}

export function alertCases(b: Backend): void {
  test('alerts: rules and channels CRUD, ids that name nothing answer null', async () => {
    const s = await b.fresh();
    const { projectId, hook, rule } = await setup(s);
    assert.equal(rule.enabled, true);
    assert.deepEqual(rule.condition, { kind: 'query', query: 'level:error', window_s: 300, op: '>', threshold: 10 });
    assert.deepEqual(await s.getAlertRule(rule.id), rule);
    assert.deepEqual((await s.listAlertRules([projectId])).map((r) => r.id), [rule.id]);
    assert.deepEqual(await s.listAlertRules([projectId + 1]), []);
    const patched = await s.updateAlertRule(rule.id, { name: 'many errors', mutedUntil: T0 + 1000, enabled: false });
    assert.equal(patched?.name, 'many errors');
    assert.equal(patched?.mutedUntil, T0 + 1000);
    assert.equal(patched?.enabled, false);
    assert.equal((await s.updateAlertRule(rule.id, { mutedUntil: null }))?.mutedUntil, null);
    assert.equal(await s.getAlertRule('999999'), null);
    assert.equal(await s.getAlertRule('abc'), null);
    assert.equal(hook.secret, 'whsec_x');
    const ch = await s.updateAlertChannel(hook.id, { enabled: false, name: 'hook2' });
    assert.equal(ch?.enabled, false);
    assert.equal(ch?.name, 'hook2');
    assert.equal(ch?.secret, 'whsec_x', 'a patch without secret keeps it');
    assert.deepEqual((await s.listAlertChannels([projectId])).map((c) => c.name), ['hook2', 'mail']);
    assert.equal(await s.deleteAlertChannel(hook.id), true);
    assert.equal(await s.getAlertChannel(hook.id), null);
    assert.equal(await s.deleteAlertRule(rule.id), true);
    assert.equal(await s.deleteAlertRule(rule.id), false);
  });

  test('alerts: due rules; one evaluation commits state, events and deliveries together, once per run', async () => {
    const s = await b.fresh();
    const { rule, hook, mail } = await setup(s);
    await s.updateAlertChannel(mail.id, { enabled: false });
    assert.deepEqual((await s.dueAlertRules(T0 - 1, 10)).length, 0);
    assert.deepEqual((await s.dueAlertRules(T0, 10)).map((r) => r.id), [rule.id]);
    const r1 = await s.commitAlertEvaluation(write(rule, T0, [firing(rule, T0)]));
    assert.equal(r1.committed, true);
    assert.equal(r1.eventIds.length, 1);
    // The same run again (a second instance that evaluated it too) commits nothing.
    const r2 = await s.commitAlertEvaluation(write(rule, T0, [firing(rule, T0)]));
    assert.deepEqual(r2, { committed: false, eventIds: [] });
    const events = await s.listAlertEvents({ projectIds: [rule.projectId], limit: 10 });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.summary, '12 logs matched');
    assert.equal(events[0]!.sample[0]!.message, 'boom');
    const deliveries = await s.listAlertDeliveries({ eventIds: r1.eventIds });
    assert.deepEqual(deliveries.map((d) => [d.channelId, d.channelName, d.status, d.attempts]), [[hook.id, 'hook', 'pending', 0]], 'disabled channel gets none');
    const states = await s.listAlertStates([rule.id]);
    assert.deepEqual(states.map((x) => [x.groupKey, x.state, x.lastValue]), [['', 'firing', 12]]);
    const after = await s.getAlertRule(rule.id);
    assert.equal(after?.nextRunAt, T0 + 60_000);
    assert.equal(after?.lastEvaluatedAt, T0);
    assert.deepEqual(await s.dueAlertRules(T0 + 59_999, 10), []);
    // A changed condition clears the states.
    await s.updateAlertRule(rule.id, { condition: { kind: 'silence', window_s: 600 } });
    assert.deepEqual(await s.listAlertStates([rule.id]), []);
  });

  test('alerts: deliveries are claimed once; an expired lease is retried with the lost attempt counted', async () => {
    const s = await b.fresh();
    const { rule } = await setup(s);
    const events = Array.from({ length: 5 }, (_, i) => firing(rule, T0 + i));
    const { eventIds } = await s.commitAlertEvaluation(write(rule, T0, events));
    assert.equal(eventIds.length, 5);
    const now = T0 + 10_000;
    const claims = await Promise.all([1, 2, 3, 4].map((i) => s.claimAlertDeliveries({ now, workerId: `w${i}`, leaseMs: 60_000, limit: 3 })));
    const ids = claims.flat().map((d) => d.id);
    assert.equal(ids.length, 10, 'all ten rows claimed');
    assert.equal(new Set(ids).size, 10, 'no row claimed twice');
    assert.deepEqual(await s.claimAlertDeliveries({ now, workerId: 'w5', leaseMs: 60_000, limit: 100 }), []);
    const first = claims.flat()[0]!;
    assert.equal(await s.recordDeliveryAttempt(first.id, 'someone-else', { ok: true, statusCode: 200, error: null, nextAttemptAt: null, at: now }), false);
    assert.equal(await s.recordDeliveryAttempt(first.id, first.claimedBy!, { ok: true, statusCode: 200, error: null, nextAttemptAt: null, at: now }), true);
    const second = claims.flat()[1]!;
    await s.recordDeliveryAttempt(second.id, second.claimedBy!, { ok: false, statusCode: 503, error: 'HTTP 503', nextAttemptAt: now + 30_000, at: now });
    // The other 8 are left claimed (their process "died"); after the lease they come back as retries.
    const later = await s.claimAlertDeliveries({ now: now + 61_000, workerId: 'w6', leaseMs: 60_000, limit: 100 });
    assert.equal(later.length, 9);
    const retried = later.find((d) => d.id === second.id)!;
    assert.deepEqual([retried.status, retried.attempts, retried.lastStatusCode], ['retrying', 1, 503]);
    const lost = later.filter((d) => d.id !== second.id);
    assert.ok(lost.every((d) => d.status === 'retrying' && d.attempts === 1 && /lease expired/.test(d.lastError ?? '')));
    const all = await s.listAlertDeliveries({ eventIds });
    const sent = all.find((d) => d.id === first.id)!;
    assert.deepEqual([sent.status, sent.attempts, sent.lastStatusCode, sent.sentAt, sent.claimedBy], ['sent', 1, 200, now, null]);
    // Giving up: no next attempt -> failed, never claimed again.
    await s.recordDeliveryAttempt(retried.id, 'w6', { ok: false, statusCode: null, error: 'refused', nextAttemptAt: null, at: now + 62_000 });
    assert.equal((await s.listAlertDeliveries({ eventIds })).find((d) => d.id === retried.id)?.status, 'failed');
  });

  test('alerts: test deliveries, events paging and retention', async () => {
    const s = await b.fresh();
    const { rule, hook } = await setup(s);
    const t = await s.recordTestDelivery(hook.id, { ok: false, statusCode: 500, error: 'HTTP 500', at: T0 });
    assert.deepEqual([t.test, t.eventId, t.status, t.attempts, t.channelName], [true, null, 'failed', 1, 'hook']);
    assert.deepEqual((await s.listAlertDeliveries({ channelId: hook.id })).map((d) => d.id), [t.id]);
    const old = T0 - 91 * 86_400_000;
    await s.commitAlertEvaluation(write(rule, T0, [firing(rule, old), firing(rule, T0), firing(rule, T0 + 1)]));
    const page1 = await s.listAlertEvents({ projectIds: [rule.projectId], ruleId: rule.id, limit: 2 });
    assert.equal(page1.length, 2);
    const page2 = await s.listAlertEvents({ projectIds: [rule.projectId], limit: 2, beforeId: page1[1]!.id });
    assert.deepEqual(page2.map((e) => e.at), [old]);
    assert.equal(await s.pruneAlertEvents(T0 - 90 * 86_400_000), 1);
    assert.equal((await s.listAlertEvents({ projectIds: [rule.projectId], limit: 10 })).length, 2);
    assert.equal(await s.getAlertEvent(page2[0]!.id), null);
    // Events outlive their rule.
    await s.deleteAlertRule(rule.id);
    assert.equal((await s.listAlertEvents({ projectIds: [rule.projectId], limit: 10 })).length, 2);
  });
}
