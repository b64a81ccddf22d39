/** Contract cases: plans, project quota settings and daily usage (src/quotas, quota-types.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageDelta } from '../quota-types.js';
import { StoreConflictError } from '../types.js';
import { type Backend, row, withProject } from './harness.js';

const delta = (projectId: number, day: number, over: Partial<UsageDelta> = {}): UsageDelta => ({
  projectId, day, level: 'INFO', accepted: 0, sampledOut: 0, refused: 0, ...over,
});

export function quotaCases(b: Backend): void {
  test('plans: the three defaults are seeded; create, update, slug conflicts', async () => {
    const s = await b.fresh();
    const seeded = (await s.listPlans()).map((p) => [p.slug, p.name, p.dailyQuota]);
    assert.deepEqual(seeded, [['free', 'Free', 1000], ['pro', 'Pro', 100000], ['enterprise', 'Enterprise', null]]);
    const team = await s.createPlan({ slug: 'team', name: 'Team', dailyQuota: 5_000_000_000, rateLimitPerMinute: 300 });
    assert.equal(team.dailyQuota, 5_000_000_000);
    assert.deepEqual(await s.getPlan(team.id), team);
    await assert.rejects(s.createPlan({ slug: 'team', name: 'Again', dailyQuota: 1, rateLimitPerMinute: null }), StoreConflictError);
    const changed = await s.updatePlan(team.id, { dailyQuota: null, name: 'Team+' });
    assert.equal(changed?.dailyQuota, null);
    assert.equal(changed?.name, 'Team+');
    assert.equal(changed?.rateLimitPerMinute, 300, 'a field not in the patch is kept');
    await assert.rejects(s.updatePlan(team.id, { slug: 'pro' }), StoreConflictError);
    assert.equal(await s.updatePlan(999_999, { name: 'x' }), null);
  });

  test('project quota settings: set parts, list by ids, absent until set', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    assert.deepEqual(await s.listProjectQuotaSettings([projectId]), []);
    const free = (await s.listPlans())[0]!;
    await s.setProjectQuotaSettings(projectId, { planId: free.id });
    const both = await s.setProjectQuotaSettings(projectId, { sampling: { DEBUG: 0.1, INFO: 0.25 } });
    assert.deepEqual(both, { projectId, planId: free.id, sampling: { DEBUG: 0.1, INFO: 0.25 } });
    await s.setProjectQuotaSettings(other, { sampling: null });
    assert.deepEqual((await s.listProjectQuotaSettings(null)).map((r) => r.projectId), [projectId, other]);
    assert.deepEqual(await s.listProjectQuotaSettings([other]), [{ projectId: other, planId: null, sampling: null }]);
    const cleared = await s.setProjectQuotaSettings(projectId, { planId: null });
    assert.deepEqual(cleared.sampling, { DEBUG: 0.1, INFO: 0.25 });
    assert.equal(cleared.planId, null);
  });

  test('usage: written with the batch, summed per day and level, never for a duplicate', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const day = 20_000;
    const idem = { projectId, key: 'k', record: { status: 201, body: '{}' } };
    await s.commitBatches([
      { rows: [row(projectId), row(projectId)], usage: [delta(projectId, day, { accepted: 2, sampledOut: 5 })], idempotency: idem },
      { rows: [row(projectId)], usage: [delta(projectId, day, { accepted: 1 }), delta(projectId, day, { level: 'ERROR', refused: 3 })] },
    ]);
    const dup = await s.commitBatches([{ rows: [row(projectId)], usage: [delta(projectId, day, { accepted: 1 })], idempotency: idem }]);
    assert.equal(dup[0]!.status, 'duplicate');
    await s.commitBatches([{ rows: [], usage: [delta(projectId, day + 1, { refused: 7 })] }]);
    await s.addUsage([delta(projectId, day + 1, { refused: 1 }), delta(projectId, day + 1, { refused: 1 })]);
    assert.deepEqual(await s.usage(projectId, day, day + 1), [
      { day, level: 'INFO', accepted: 3, sampledOut: 5, refused: 0 },
      { day, level: 'ERROR', accepted: 0, sampledOut: 0, refused: 3 },
      { day: day + 1, level: 'INFO', accepted: 0, sampledOut: 0, refused: 9 },
    ]);
    assert.equal(await s.acceptedOn(projectId, day), 3);
    assert.equal(await s.acceptedOn(projectId, day + 1), 0);
    assert.deepEqual(await s.usage(projectId, day + 2, day + 9), []);
    assert.equal(await s.countLogs({ projectIds: [projectId] }), 3, 'usage rows are not logs');
  });
}
