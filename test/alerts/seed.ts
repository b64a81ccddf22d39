/** Pending alert deliveries written straight into a store, as an evaluation commits them (tests of the worker). */
import assert from 'node:assert/strict';
import { withProject } from '../../src/store/contract/harness.js';
import type { AlertRule } from '../../src/store/alerts-types.js';
import type { Store } from '../../src/store/types.js';

export const SECRET = 'whsec_delivery_test_secret_1';

/** A project, a webhook channel to `url` and a rule; `events` firing events committed with their deliveries. */
export async function seedDeliveries(s: Store, url: string, events: number, at = Date.now()): Promise<{ rule: AlertRule; channelId: string }> {
  const { projectId } = await withProject(s, `shop${Math.random().toString(36).slice(2, 6)}`);
  const channel = await s.createAlertChannel({ projectId, name: 'hook', type: 'webhook', config: { url }, secret: SECRET });
  const rule = await s.createAlertRule({
    projectId, name: 'errors', severity: 'critical', intervalS: 60, forS: 0, reminderS: 0, channelIds: [channel.id],
    condition: { kind: 'query', query: 'level:error', window_s: 300, op: '>', threshold: 10 }, nextRunAt: at,
  });
  const res = await s.commitAlertEvaluation({
    ruleId: rule.id, expectNextRunAt: rule.nextRunAt, evaluatedAt: at, nextRunAt: at + 60_000,
    states: [{ ruleId: rule.id, groupKey: '', state: 'firing', since: at, pendingSince: null, lastValue: 12, lastNotifiedAt: at }],
    removeGroupKeys: [],
    events: Array.from({ length: events }, (_, i) => ({
      channelIds: [channel.id],
      event: {
        ruleId: rule.id, ruleName: rule.name, projectId, groupKey: `g${i}`, kind: 'firing' as const, severity: 'critical' as const, at, value: 12, threshold: 10,
        summary: `12 logs matched (group ${i})`, logsUrl: 'http://localhost:3000/explore?q=level%3Aerror',
        sample: [{ timestamp: new Date(at).toISOString(), level: 'ERROR', service: 'api', message: `boom ${i}` }],
      },
    })),
  });
  assert.equal(res.committed, true);
  return { rule, channelId: channel.id };
}

