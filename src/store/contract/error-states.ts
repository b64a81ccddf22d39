/** Contract cases: error group status changes and their transitions on new events, merges, exact counts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '../types.js';
import { type Backend, withProject } from './harness.js';
import { FP_A, FP_B, errorRow, grouping } from './error-fixtures.js';

const T = Date.UTC(2026, 10, 25, 12, 0, 0);

async function oneGroup(s: Store, projectId: number, fp = FP_A) {
  const g = (await s.listErrorGroups({ projectIds: [projectId], status: 'all', sort: 'last_seen', limit: 50, offset: 0, now: Date.now() })).find((x) => x.fingerprint === fp);
  assert.ok(g, `a group for ${fp}`);
  return g;
}

export function errorStateCases(b: Backend): void {
  test('errors: resolve, then a new event reopens it as a regression; assignee and note stick', async () => {
    const s = await b.fresh();
    const { projectId, userId } = await withProject(s);
    await s.insertLogs([errorRow(projectId, FP_A, { ts: T })]);
    const g = await oneGroup(s, projectId);
    assert.equal(await s.updateErrorGroups([g.id], [projectId], { status: 'resolved', assigneeId: userId, note: 'fixed in #12' }, T + 1), 1);
    let now = await s.getErrorGroup(g.id, Date.now());
    assert.deepEqual([now!.status, now!.resolvedAt, now!.regressedAt, now!.assigneeId, now!.note], ['resolved', T + 1, null, userId, 'fixed in #12']);
    const before = Date.now();
    await s.commitBatches([{ rows: [errorRow(projectId, FP_A, { ts: T + 5 })] }]);
    now = await s.getErrorGroup(g.id, Date.now());
    assert.equal(now!.status, 'unresolved');
    assert.ok(now!.regressedAt !== null && now!.regressedAt >= before, 'regressed_at set');
    assert.equal(now!.count, 2);
    assert.equal(now!.assigneeId, userId);
    await s.updateErrorGroups([g.id], [projectId], { assigneeId: null }, T);
    assert.equal((await s.getErrorGroup(g.id, Date.now()))!.assigneeId, null);
  });

  test('errors: ignore until N more events, and until a time', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.insertLogs([errorRow(projectId, FP_A, { ts: T }), errorRow(projectId, FP_B, { ts: T })]);
    const a = await oneGroup(s, projectId, FP_A);
    const bg = await oneGroup(s, projectId, FP_B);
    await s.updateErrorGroups([a.id], [projectId], { status: 'ignored', ignoreCount: 3 }, T);
    await s.insertLogs([errorRow(projectId, FP_A), errorRow(projectId, FP_A)]);
    let g = await s.getErrorGroup(a.id, Date.now());
    assert.deepEqual([g!.status, g!.ignoreCount], ['ignored', 1]);
    await s.insertLogs([errorRow(projectId, FP_A)]);
    g = await s.getErrorGroup(a.id, Date.now());
    assert.deepEqual([g!.status, g!.ignoreCount, g!.regressedAt, g!.count], ['unresolved', null, null, 4]);
    const until = Date.now() + 60_000;
    await s.updateErrorGroups([bg.id], [projectId], { status: 'ignored', ignoreUntil: until }, T);
    await s.insertLogs([errorRow(projectId, FP_B)]);
    assert.equal((await s.getErrorGroup(bg.id, Date.now()))!.status, 'ignored');
    // The time passing reads as unresolved before any event, in the list filters too.
    assert.equal((await s.getErrorGroup(bg.id, until))!.status, 'unresolved');
    const list = await s.listErrorGroups({ projectIds: [projectId], status: 'ignored', sort: 'last_seen', limit: 10, offset: 0, now: until });
    assert.deepEqual(list, []);
  });

  test('errors: resolved in next release reopens only for another (or no) version; bulk update', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.insertLogs([errorRow(projectId, FP_A, { ts: T, version: '1.0' }), errorRow(projectId, FP_A, { ts: T + 1, version: '1.1' }), errorRow(projectId, FP_B, { ts: T })]);
    const a = await oneGroup(s, projectId, FP_A);
    const bg = await oneGroup(s, projectId, FP_B);
    assert.equal(await s.updateErrorGroups([a.id, bg.id], [projectId + 1000], { status: 'resolved' }, T), 0, 'only groups of the given projects');
    assert.equal(await s.updateErrorGroups([a.id, bg.id, '999999'], [projectId], { status: 'resolved_next_release' }, T + 2), 2);
    assert.equal((await s.getErrorGroup(a.id, Date.now()))!.resolvedRelease, '1.1');
    await s.insertLogs([errorRow(projectId, FP_A, { version: '1.1' })]);
    assert.equal((await s.getErrorGroup(a.id, Date.now()))!.status, 'resolved_next_release');
    await s.insertLogs([errorRow(projectId, FP_A, { version: '1.2' })]);
    const a2 = await s.getErrorGroup(a.id, Date.now());
    assert.equal(a2!.status, 'unresolved');
    assert.notEqual(a2!.regressedAt, null);
    await s.insertLogs([errorRow(projectId, FP_B, { version: null })]);
    assert.equal((await s.getErrorGroup(bg.id, Date.now()))!.status, 'unresolved', 'no version recorded: a regression');
  });

  test('errors: merge folds counts, tags and fingerprints; later events and legacy fingerprints join the root', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    await s.insertLogs([errorRow(projectId, FP_A, { ts: T, service: 'api' }), errorRow(projectId, FP_B, { ts: T - 10, service: 'worker' }), errorRow(projectId, FP_B, { ts: T + 10, service: 'worker' }), errorRow(other, FP_A)]);
    const a = await oneGroup(s, projectId, FP_A);
    const bg = await oneGroup(s, projectId, FP_B);
    const foreign = await oneGroup(s, other, FP_A);
    assert.equal(await s.mergeErrorGroups(a.id, [bg.id, foreign.id]), true);
    assert.equal(await s.getErrorGroup(bg.id, Date.now()), null, 'a merged group is not shown');
    assert.notEqual(await s.getErrorGroup(foreign.id, Date.now()), null, 'another project is never merged');
    let g = await s.getErrorGroup(a.id, Date.now());
    assert.deepEqual([g!.count, g!.firstSeen, g!.lastSeen, g!.services], [3, T - 10, T + 10, ['api', 'worker']]);
    assert.deepEqual(await s.errorGroupFingerprints(a.id), [FP_A, FP_B]);
    assert.equal((await s.errorGroupEvents(a.id, 10)).data.length, 3);
    await s.insertLogs([errorRow(projectId, FP_B), errorRow(projectId, 'd'.repeat(32), { group: grouping('d'.repeat(32), { legacy: [FP_B] }) })]);
    g = await s.getErrorGroup(a.id, Date.now());
    assert.equal(g!.count, 5, 'new events of a merged fingerprint, and a new fingerprint whose legacy one is known, count at the root');
    assert.equal((await s.errorGroupEvents(a.id, 10)).data.length, 5);
    assert.equal((await s.listErrorGroups({ projectIds: [projectId], status: 'all', sort: 'count', limit: 10, offset: 0, now: Date.now() })).length, 1);
    assert.equal(await s.mergeErrorGroups(bg.id, [a.id]), false, 'a merged group cannot be a target');
  });

  test('errors: the same error from 16 concurrent commits keeps one group with the exact count', async () => {
    const s = await b.fresh({ poolSize: 16 });
    const { projectId } = await withProject(s);
    const rounds = 3, writers = 16, perBatch = 25;
    for (let r = 0; r < rounds; r++) {
      await Promise.all(Array.from({ length: writers }, (_, w) =>
        s.commitBatches([{ rows: Array.from({ length: perBatch }, (_, i) => errorRow(projectId, FP_A, { ts: T + r * 1000 + w, host: `h${i % 4}` })) }])));
    }
    const groups = await s.listErrorGroups({ projectIds: [projectId], status: 'all', sort: 'count', limit: 10, offset: 0, now: Date.now() });
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.count, rounds * writers * perBatch);
    assert.equal(groups[0]!.hostsAffected, 4);
    const tags = await s.errorGroupTags(groups[0]!.id);
    assert.equal(tags.host.reduce((n, t) => n + t.count, 0), rounds * writers * perBatch);
    // Gives the 16 connections back now: the stores of a run keep theirs until the end (harness cleanup).
    await s.close();
  });
}
