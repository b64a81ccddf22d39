/** Contract cases: projects, slugs, ingest keys and per-project stats. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEVELS, StoreConflictError, type NewProject, type Store } from '../types.js';
import { type Backend, row, unique } from './harness.js';

async function owner(s: Store): Promise<number> {
  return (await s.createUser({ email: `${unique('o')}@example.com`, name: 'O', role: 'member', passwordHash: 'x' })).id;
}

const newProject = (ownerId: number, slug: string, over: Partial<NewProject> = {}): NewProject => ({
  ownerId, name: `Project ${slug}`, slug, description: 'desc', repositoryUrl: null, rateLimitPerMinute: null, ...over,
});

export function projectCases(b: Backend): void {
  test('projects: create, get by id, slug and key hash', async () => {
    const s = await b.fresh();
    const o = await owner(s);
    const before = Date.now();
    const p = await s.createProject(
      newProject(o, 'shop', { repositoryUrl: 'https://git.example.com/shop', rateLimitPerMinute: 600 }), 'kh-1', 'dsk_AbCdEfGh',
    );
    assert.deepEqual({ ...p, id: 0, createdAt: 0, updatedAt: 0 }, {
      id: 0, ownerId: o, name: 'Project shop', slug: 'shop', description: 'desc', repositoryUrl: 'https://git.example.com/shop',
      active: true, rateLimitPerMinute: 600, retentionDays: null, apdexThresholdMs: null, aiExternalAllowed: false, keyPrefix: 'dsk_AbCdEfGh', createdAt: 0, updatedAt: 0,
    });
    assert.ok(p.createdAt >= before && p.updatedAt === p.createdAt);
    assert.deepEqual(await s.getProject(p.id), p);
    assert.equal(await s.getProject(p.id + 1000), null);
    assert.deepEqual(await s.getProjectBySlug('shop', o), p);
    assert.deepEqual(await s.getProjectBySlug('shop', null), p, 'admins find any slug');
    assert.equal(await s.getProjectBySlug('shop', o + 1000), null, 'another owner does not');
    assert.equal(await s.getProjectBySlug('nope', null), null);
    assert.deepEqual(await s.findProjectByKeyHash('kh-1'), p);
    assert.equal(await s.findProjectByKeyHash('kh-unknown'), null);
  });

  test('projects: slug unique per owner; conflicts are StoreConflictError', async () => {
    const s = await b.fresh();
    const o1 = await owner(s);
    const o2 = await owner(s);
    const p1 = await s.createProject(newProject(o1, 'api'), 'k1', 'dsk_1');
    await assert.rejects(s.createProject(newProject(o1, 'api'), 'k2', 'dsk_2'), StoreConflictError);
    const p2 = await s.createProject(newProject(o2, 'api'), 'k3', 'dsk_3');
    assert.notEqual(p1.id, p2.id, 'the same slug is fine for another owner');
    const p3 = await s.createProject(newProject(o1, 'web'), 'k4', 'dsk_4');
    await assert.rejects(s.updateProject(p3.id, { slug: 'api' }), StoreConflictError);
    assert.equal((await s.getProject(p3.id))?.slug, 'web', 'the failed update changed nothing');
  });

  test('projects: update patches only the given fields and bumps updatedAt', async () => {
    const s = await b.fresh();
    const o = await owner(s);
    const p = await s.createProject(newProject(o, 'a', { repositoryUrl: 'https://x', rateLimitPerMinute: 10 }), 'k', 'dsk_k');
    await new Promise((r) => setTimeout(r, 5));
    const u1 = await s.updateProject(p.id, { name: 'Renamed', active: false });
    assert.ok(u1 && u1.updatedAt > p.updatedAt);
    assert.deepEqual({ ...u1, updatedAt: 0 }, { ...p, name: 'Renamed', active: false, updatedAt: 0 });
    const u2 = await s.updateProject(p.id, { repositoryUrl: null, rateLimitPerMinute: null, description: '', slug: 'b' });
    assert.deepEqual({ ...u2, updatedAt: 0 }, { ...p, name: 'Renamed', active: false, repositoryUrl: null, rateLimitPerMinute: null, description: '', slug: 'b', updatedAt: 0 });
    const u3 = await s.updateProject(p.id, { active: true, retentionDays: 90 });
    assert.equal(u3?.active, true);
    assert.equal(u3?.retentionDays, 90);
    assert.equal(u3?.repositoryUrl, null, 'fields not in the patch keep their value');
    assert.equal((await s.updateProject(p.id, { name: 'again' }))?.retentionDays, 90);
    assert.equal((await s.updateProject(p.id, { retentionDays: null }))?.retentionDays, null, 'null: back to the server default');
    assert.equal(await s.updateProject(p.id + 1000, { name: 'x' }), null);
  });

  test('projects: replacing the key makes the old hash unknown at once', async () => {
    const s = await b.fresh();
    const o = await owner(s);
    const p = await s.createProject(newProject(o, 'a'), 'old-hash', 'dsk_old');
    const q = await s.replaceProjectKey(p.id, 'new-hash', 'dsk_new');
    assert.equal(q?.keyPrefix, 'dsk_new');
    assert.equal(await s.findProjectByKeyHash('old-hash'), null);
    assert.equal((await s.findProjectByKeyHash('new-hash'))?.id, p.id);
    assert.equal(await s.replaceProjectKey(p.id + 1000, 'h', 'dsk_h'), null);
  });

  test('projects: list all (admin) or by owner, with logCount and lastLogAt', async () => {
    const s = await b.fresh();
    const o1 = await owner(s);
    const o2 = await owner(s);
    const a = await s.createProject(newProject(o1, 'a'), 'ka', 'dsk_a');
    const c = await s.createProject(newProject(o2, 'c'), 'kc', 'dsk_c');
    const bb = await s.createProject(newProject(o1, 'b'), 'kb', 'dsk_b');
    const t0 = Date.UTC(2026, 0, 1);
    await s.insertLogs([row(a.id, { ts: t0 }), row(a.id, { ts: t0 + 5000 }), row(a.id, { ts: t0 - 86_400_000 }), row(c.id, { ts: t0 })]);
    const all = await s.listProjects(null); // by name, then id
    assert.deepEqual(all.map((p) => [p.id, p.logCount, p.lastLogAt]), [[a.id, 3, t0 + 5000], [bb.id, 0, null], [c.id, 1, t0]]);
    assert.deepEqual(all[0], { ...a, logCount: 3, lastLogAt: t0 + 5000 });
    assert.deepEqual((await s.listProjects(o1)).map((p) => p.id), [a.id, bb.id]);
    assert.deepEqual(await s.projectStats(a.id), { logCount: 3, lastLogAt: t0 + 5000 });
    assert.deepEqual(await s.projectStats(bb.id), { logCount: 0, lastLogAt: null });
  });

  test('projects: ids of all (admin) or by owner, without stats', async () => {
    const s = await b.fresh();
    const [o1, o2] = [await owner(s), await owner(s)];
    const a = await s.createProject(newProject(o1, 'z'), 'ka', 'dsk_a');
    const c = await s.createProject(newProject(o2, 'c'), 'kc', 'dsk_c');
    const bb = await s.createProject(newProject(o1, 'b'), 'kb', 'dsk_b');
    assert.deepEqual(await s.listProjectIds(null), [a.id, c.id, bb.id]);
    assert.deepEqual(await s.listProjectIds(o1), [a.id, bb.id]);
    assert.deepEqual(await s.listProjectIds(o2 + 1000), []);
  });

  test('projects: logCount and lastLogAt stay exact across commits, duplicates, minutes, days, services and levels', async () => {
    const s = await b.fresh();
    const o = await owner(s);
    const [a, c] = [await s.createProject(newProject(o, 'a'), 'ka', 'dsk_a'), await s.createProject(newProject(o, 'c'), 'kc', 'dsk_c')];
    const t0 = Date.UTC(2026, 10, 25, 23, 59, 59, 500); // the minute and the day end half a second later
    const at = (i: number) => t0 + (i % 7) * 250 - (i % 3) * 86_400_000;
    const batch = (projectId: number, n: number, from: number) =>
      Array.from({ length: n }, (_, i) => row(projectId, { ts: at(from + i), service: `svc${(from + i) % 3}`, level: LEVELS[(from + i) % 6]! }));
    const idem = (n: number) => ({ rows: batch(a.id, n, 100), idempotency: { projectId: a.id, key: 'same', record: { status: 201, body: '{}' } } });
    await s.commitBatches([{ rows: batch(a.id, 40, 0) }, idem(5), { rows: batch(c.id, 3, 0) }]);
    await s.commitBatches([idem(9), { rows: batch(a.id, 11, 40) }]); // the replayed key stores nothing
    await Promise.all(Array.from({ length: 5 }, (_, k) => s.commitBatches([{ rows: batch(a.id, 4, 200 + k * 4) }])));
    await s.insertLogs([row(c.id, { ts: t0 + 60_000 })]);
    const expected = async (projectId: number) => {
      const page = await s.queryLogs({ projectIds: [projectId], limit: 1000 });
      return { logCount: page.data.length, lastLogAt: Math.max(...page.data.map((e) => Date.parse(e.timestamp))) };
    };
    assert.deepEqual(await expected(a.id), { logCount: 40 + 5 + 11 + 20, lastLogAt: t0 + 6 * 250 });
    for (const p of [a, c]) {
      assert.deepEqual(await s.projectStats(p.id), await expected(p.id));
      assert.equal(await s.countLogs({ projectIds: [p.id] }), (await expected(p.id)).logCount);
    }
    assert.deepEqual((await s.listProjects(o)).map((p) => [p.logCount, p.lastLogAt]), [await expected(a.id), await expected(c.id)].map((e) => [e.logCount, e.lastLogAt]));
  });
}
