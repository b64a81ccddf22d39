/**
 * Several instances on one PostgreSQL evaluate the same rules at the same moment: each run is committed once
 * (advisory lock per rule, and the nextRunAt compare-and-set under it), and a restarted scheduler neither fires
 * again nor forgets the firing alert.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { evaluateRule } from '../../src/alerts/evaluator.js';
import { AlertScheduler } from '../../src/alerts/scheduler.js';
import { postgresBackend } from '../../src/store/contract/harness.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/types.js';

const pgUrl = process.env.TEST_DATABASE_URL;

if (!pgUrl) {
  test('alerts on several instances', (t) => t.skip('NOT RUN: set TEST_DATABASE_URL'));
} else {
  describe('alerts on several PostgreSQL instances', () => {
    const backend = postgresBackend(pgUrl);
    const stores: Store[] = [];
    after(async () => {
      await Promise.allSettled(stores.map((s) => s.close()));
      await backend.cleanup();
    });

    test('two schedulers ticking together commit each firing once; a restart does not fire again', async () => {
      const url = await backend.emptySchemaUrl();
      for (let i = 0; i < 3; i++) stores.push(await openPostgresStore({ url, poolSize: 4 }));
      const [a, b, c] = stores as [Store, Store, Store];
      await Promise.all([a.migrate(), b.migrate()]);
      const user = await a.createUser({ email: 'x@example.com', name: 'X', role: 'admin', passwordHash: 'x' });
      const project = await a.createProject({ ownerId: user.id, name: 'p', slug: 'p', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'hash', 'dsk_x');
      const now = Date.now();
      await a.insertLogs(Array.from({ length: 4 }, (_, i) => ({
        projectId: project.id, ts: now - 30_000 - i, receivedAt: now, level: 'ERROR' as const, service: 'api', message: 'boom', context: '{}',
        environment: null, version: null, host: null, traceId: null, spanId: null,
      })));
      const rules = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          a.createAlertRule({ projectId: project.id, name: `r${i}`, severity: 'warning', intervalS: 60, forS: 0, reminderS: 0, channelIds: [], condition: { kind: 'query', query: 'boom', window_s: 300, op: '>', threshold: 2 }, nextRunAt: now }),
        ),
      );
      const scheduler = (s: Store) => new AlertScheduler({ store: s, publicUrl: 'http://x', tickMs: 1000, clock: () => now });
      const [ta, tb] = await Promise.all([scheduler(a).tick(), scheduler(b).tick()]);
      assert.ok(ta + tb >= 10, `every rule evaluated by one of them (${ta} + ${tb})`);
      const events = await a.listAlertEvents({ projectIds: [project.id], limit: 100 });
      assert.equal(events.length, 10, 'one firing event per rule');
      assert.deepEqual(new Set(events.map((e) => e.ruleId)).size, 10);

      // Without the lock, the compare-and-set alone keeps a run from committing twice.
      const rule = (await a.getAlertRule(rules[0]!.id))!;
      await a.updateAlertRule(rule.id, { condition: { kind: 'query', query: 'boom', window_s: 300, op: '>', threshold: 1 } });
      const fresh = (await a.getAlertRule(rule.id))!;
      const results = await Promise.all([a, b, c].map((s) => evaluateRule(s, 'http://x', fresh, now + 1000)));
      assert.equal(results.filter((r) => r.committed).length, 1);

      // A restarted instance (new scheduler, state from the store) keeps the alerts firing without a new event.
      assert.equal(await scheduler(c).tick(), 0, 'nothing due before the interval');
      const later = new AlertScheduler({ store: c, publicUrl: 'http://x', tickMs: 1000, clock: () => now + 61_000 });
      assert.ok((await later.tick()) >= 9);
      const after = await a.listAlertEvents({ projectIds: [project.id], limit: 100 });
      assert.equal(after.length, 11, 'no event from the restart: the states were firing already');
      const states = await a.listAlertStates(rules.map((r) => r.id));
      assert.ok(states.every((s) => s.state === 'firing'));
    });
  });
}
