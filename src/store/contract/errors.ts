/** Contract cases: error groups written with the logs, listed, read with tags, and their events by fingerprint. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorListQuery } from '../errors-types.js';
import { type Backend, row, withProject } from './harness.js';
import { FP_A, FP_B, FP_C, HOUR, errorRow, grouping } from './error-fixtures.js';

const NOW = Date.UTC(2026, 10, 25, 12, 30, 0);
const listQuery = (projectIds: number[], over: Partial<ErrorListQuery> = {}): ErrorListQuery => ({
  projectIds, status: 'all', sort: 'last_seen', limit: 50, offset: 0, now: NOW, ...over,
});

export function errorGroupCases(b: Backend): void {
  test('errors: grouped rows make one group per fingerprint with counts, tags, hours; other levels none', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.commitBatches([{
      rows: [
        errorRow(projectId, FP_A, { ts: NOW - 2 * HOUR, service: 'api', host: 'h1', version: '1.0', environment: 'prod' }),
        errorRow(projectId, FP_A, { ts: NOW - HOUR, service: 'worker', host: 'h2', version: '1.1', environment: 'prod', level: 'FATAL' }),
        row(projectId, { level: 'INFO', message: 'fine' }),
      ],
    }, { rows: [errorRow(projectId, FP_A, { ts: NOW - HOUR + 5, service: 'api', host: 'h1', version: '1.1' }), errorRow(projectId, FP_B, { ts: NOW - 3 * HOUR, level: 'WARN' })] }]);
    const groups = await s.listErrorGroups(listQuery([projectId]));
    assert.deepEqual(groups.map((g) => [g.fingerprint, g.count]), [[FP_A, 3], [FP_B, 1]]);
    const a = groups[0]!;
    assert.equal(a.status, 'unresolved');
    assert.equal(a.level, 'FATAL');
    assert.equal(a.title, 'TypeError: failure aaaa');
    assert.equal(a.culprit, 'src/cart.js in addItem');
    assert.equal(a.type, 'TypeError');
    assert.deepEqual([a.firstSeen, a.lastSeen], [NOW - 2 * HOUR, NOW - HOUR + 5]);
    assert.deepEqual(a.services, ['api', 'worker']);
    assert.deepEqual(a.environments, ['prod']);
    assert.equal(a.hostsAffected, 2);
    assert.deepEqual([a.firstRelease, a.lastRelease], ['1.0', '1.1']);
    const h = Math.floor(NOW / HOUR);
    assert.deepEqual(a.hourly, [{ hour: h - 2, count: 1 }, { hour: h - 1, count: 2 }]);
    const got = await s.getErrorGroup(a.id, NOW);
    assert.deepEqual(got, a);
    const tags = await s.errorGroupTags(a.id);
    assert.deepEqual(tags.service.map((t) => [t.value, t.count]), [['api', 2], ['worker', 1]]);
    assert.deepEqual(tags.version, [
      { value: '1.1', count: 2, firstSeen: NOW - HOUR, lastSeen: NOW - HOUR + 5 },
      { value: '1.0', count: 1, firstSeen: NOW - 2 * HOUR, lastSeen: NOW - 2 * HOUR },
    ]);
    assert.deepEqual(tags.environment.map((t) => [t.value, t.count]), [['prod', 2]]);
    assert.deepEqual(await s.errorGroupFingerprints(a.id), [FP_A]);
    assert.equal(await s.getErrorGroup('999999', NOW), null);
    assert.equal(await s.getErrorGroup('not-an-id', NOW), null);
  });

  test('errors: events by fingerprint newest first with a cursor; first event; fingerprint on the entry', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const rows = Array.from({ length: 5 }, (_, i) => errorRow(projectId, FP_A, { ts: NOW - i * 1000, message: `e${i}` }));
    await s.insertLogs([...rows, errorRow(projectId, FP_B), row(projectId, { level: 'ERROR', message: 'no group' })]);
    const [g] = await s.listErrorGroups(listQuery([projectId], { sort: 'count', limit: 1 }));
    const p1 = await s.errorGroupEvents(g!.id, 3);
    assert.deepEqual(p1.data.map((e) => e.message), ['e0', 'e1', 'e2']);
    assert.equal(p1.data[0]!.fingerprint, FP_A);
    const p2 = await s.errorGroupEvents(g!.id, 3, p1.next!);
    assert.deepEqual(p2.data.map((e) => e.message), ['e3', 'e4']);
    assert.equal(p2.next, null);
    assert.equal((await s.errorGroupFirstEvent(g!.id))!.message, 'e4');
    assert.equal((await s.getLog(p1.data[0]!.id))!.fingerprint, FP_A);
    const plain = await s.queryLogs({ projectIds: [projectId], levels: ['ERROR'], limit: 10 });
    assert.equal(plain.data.find((e) => e.message === 'no group')!.fingerprint, undefined);
  });

  test('errors: list filters (projects, status, text, new, time range) and sorts with offset pages', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    await s.insertLogs([
      // A: old, many events, quiet lately. B: new, few events but rising. C: another project.
      ...Array.from({ length: 6 }, (_, i) => errorRow(projectId, FP_A, { ts: NOW - 40 * HOUR + i })),
      errorRow(projectId, FP_A, { ts: NOW - 30 * HOUR }),
      ...Array.from({ length: 3 }, (_, i) => errorRow(projectId, FP_B, { ts: NOW - 2 * HOUR + i, group: grouping(FP_B, { title: 'Payment for order <num> failed', culprit: 'billing' }) })),
      errorRow(other, FP_C, { ts: NOW - HOUR }),
    ]);
    const fps = async (over: Partial<ErrorListQuery>, ids = [projectId]) => (await s.listErrorGroups(listQuery(ids, over))).map((g) => g.fingerprint);
    assert.deepEqual(await fps({}), [FP_B, FP_A]);
    assert.deepEqual(await fps({}, [projectId, other]), [FP_C, FP_B, FP_A]);
    assert.deepEqual(await fps({ sort: 'count' }), [FP_A, FP_B]);
    assert.deepEqual(await fps({ sort: 'first_seen' }), [FP_B, FP_A]);
    assert.deepEqual(await fps({ sort: 'trend' }), [FP_B, FP_A]); // B +3 in 24 h; A 0 vs 1 the day before
    assert.deepEqual(await fps({ text: 'PAYMENT' }), [FP_B]);
    assert.deepEqual(await fps({ text: 'BILL' }), [FP_B]);
    assert.deepEqual(await fps({ firstSeenFrom: NOW - 24 * HOUR }), [FP_B]);
    assert.deepEqual(await fps({ from: NOW - 35 * HOUR, to: NOW - 20 * HOUR }), [FP_A]);
    assert.deepEqual(await fps({ status: 'resolved' }), []);
    assert.deepEqual(await fps({ limit: 1 }), [FP_B]);
    assert.deepEqual(await fps({ limit: 1, offset: 1 }), [FP_A]);
    assert.deepEqual(await fps({}, []), []);
  });
}
