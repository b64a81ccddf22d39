/**
 * Daily quota counters: exact under concurrency (Redis shared by two gates = two instances), resumed from
 * the store after a restart, and reset at UTC midnight of an injected clock.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sqliteBackend, row, withProject } from '../store/contract/harness.js';
import type { Store } from '../store/types.js';
import { MemoryQuotaCounter, RedisQuotaCounter, type QuotaCounter } from './counter.js';
import { dayOf } from './days.js';
import { QuotaGate } from './gate.js';
import { Plans } from './plans.js';

const backend = sqliteBackend();
after(() => backend.cleanup());

async function quotaProject(store: Store, quota: number) {
  const { projectId } = await withProject(store);
  const plan = await store.createPlan({ slug: `q${quota}`, name: 'Q', dailyQuota: quota, rateLimitPerMinute: null });
  await store.setProjectQuotaSettings(projectId, { planId: plan.id });
  return (await store.getProject(projectId))!;
}

/** Admits `n` rows through the gate and commits what it lets through, as ingest() does. */
async function send(store: Store, gate: QuotaGate, project: NonNullable<Awaited<ReturnType<Store['getProject']>>>, n: number) {
  const a = await gate.admit(project, Array.from({ length: n }, () => row(project.id)));
  await store.commitBatches([{ rows: a.rows, usage: a.usage }]);
  return a;
}

const counters: Array<[string, () => Promise<QuotaCounter>]> = [['memory', async () => new MemoryQuotaCounter()]];
const redisUrl = process.env.TEST_REDIS_URL;
let n = 0;
async function redisCounter(prefix: string): Promise<QuotaCounter> {
  const c = new RedisQuotaCounter(redisUrl!, prefix);
  await c.ready();
  return c;
}
// Each Redis counter has keys of its own: the second one is an instance whose Redis lost the count.
if (redisUrl) counters.push(['redis', () => redisCounter(`devsmith:test:${process.pid}:${Date.now()}:${++n}:`)]);
else test('Redis quota counter', (t) => t.skip('Redis quota counter tests NOT RUN: set TEST_REDIS_URL'));

for (const [name, make] of counters) {
  describe(`quota counter (${name})`, () => {
    test('resumes from the store after a restart, resets at UTC midnight, gives back a failed commit', async () => {
      const store = await backend.fresh();
      const project = await quotaProject(store, 100);
      let clock = Date.UTC(2026, 11, 2, 23, 59, 0);
      const first = await make();
      const gate = new QuotaGate(store, new Plans(store, 'enterprise'), first, { now: () => clock, onCounterError: (e) => assert.fail(e) });
      assert.equal((await send(store, gate, project, 60)).rows.length, 60);
      const failed = await gate.admit(project, Array.from({ length: 30 }, () => row(project.id)));
      await failed.release(); // as ingest() does when the commit throws
      await first.close();

      // A restarted instance (a new memory counter; a Redis counter whose key was lost) starts from the store.
      const fresh = await make();
      const again = new QuotaGate(store, new Plans(store, 'enterprise'), fresh, { now: () => clock, onCounterError: (e) => assert.fail(e) });
      const crossing = await send(store, again, project, 50);
      assert.deepEqual([crossing.rows.length, crossing.refused.length, crossing.quota?.used], [40, 10, 100]);
      assert.equal((await again.admit(project, [row(project.id)])).rows.length, 0);

      clock += 60_000; // 00:00 UTC: a new day, a new quota
      const nextDay = await send(store, again, project, 5);
      assert.deepEqual([nextDay.rows.length, nextDay.quota?.used], [5, 5]);
      assert.equal(await store.acceptedOn(project.id, dayOf(clock) - 1), 100);
      assert.equal(await store.acceptedOn(project.id, dayOf(clock)), 5);
      await fresh.close();
    });
  });
}

if (redisUrl) {
  test('two instances sharing Redis never exceed the quota together', async () => {
    const store = await backend.fresh();
    const project = await quotaProject(store, 1_000);
    const prefix = `devsmith:test:${process.pid}:shared:${Date.now()}:`;
    const [a, b] = await Promise.all([redisCounter(prefix), redisCounter(prefix)]);
    const errors: Error[] = [];
    const gates = [a, b].map((c) => new QuotaGate(store, new Plans(store, 'enterprise'), c, { onCounterError: (e) => errors.push(e) }));
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => send(store, gates[i % 2]!, project, 37)));
    assert.deepEqual(errors, []);
    const accepted = results.reduce((s, r) => s + r.rows.length, 0);
    assert.equal(accepted, 1_000);
    assert.equal(results.reduce((s, r) => s + r.refused.length, 0), 60 * 37 - 1_000);
    assert.equal(await store.countLogs({ projectIds: [project.id] }), 1_000);
    await Promise.all([a!.close(), b!.close()]);
  });
}
