/** Contract cases: histogram, services, getLog, logContext, logsAfter and maxLogId. */
import { parseQuery } from '../../search/index.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Backend, row, withProject } from './harness.js';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const MIN = 60_000;

export function logReadCases(b: Backend): void {
  test('histogram: buckets aligned to the interval, only non-empty ones, ascending, counts per level', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    await s.insertLogs([
      row(projectId, { ts: T0 + 5_000, level: 'INFO' }),
      row(projectId, { ts: T0 + 59_999, level: 'INFO' }),
      row(projectId, { ts: T0 + 30_000, level: 'ERROR' }),
      row(projectId, { ts: T0 + 3 * MIN, level: 'WARN' }), // minutes 1 and 2 are empty
      row(projectId, { ts: T0 + 3 * MIN + 1, level: 'WARN', service: 'worker' }),
      row(projectId, { ts: T0 - 1, level: 'FATAL' }), // before `from`
      row(projectId, { ts: T0 + 10 * MIN, level: 'INFO' }), // at `to`: excluded
      row(other, { ts: T0, level: 'INFO' }),
    ]);
    const f = { projectIds: [projectId], from: T0, to: T0 + 10 * MIN };
    assert.deepEqual(await s.histogram(f, MIN), [
      { ts: T0, counts: { INFO: 2, ERROR: 1 } },
      { ts: T0 + 3 * MIN, counts: { WARN: 2 } },
    ]);
    // A 7-minute interval: buckets start at multiples of 7 min since the epoch, not at `from`.
    const seven = 7 * MIN;
    const start = Math.floor(T0 / seven) * seven;
    const buckets = await s.histogram(f, seven);
    const expected = new Map<number, number>();
    for (const ts of [T0 + 5_000, T0 + 59_999, T0 + 30_000, T0 + 3 * MIN, T0 + 3 * MIN + 1]) {
      const k = Math.floor(ts / seven) * seven;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    assert.ok(buckets[0]!.ts >= start);
    assert.deepEqual(buckets.map((x) => [x.ts, Object.values(x.counts).reduce((a, c) => a + (c ?? 0), 0)]), [...expected]);
    assert.deepEqual(await s.histogram({ ...f, services: ['worker'], levels: ['WARN'] }, MIN), [{ ts: T0 + 3 * MIN, counts: { WARN: 1 } }]);
    assert.deepEqual(await s.histogram({ ...f, query: parseQuery('nothing-matches-this') }, MIN), []);
  });

  test('services: every service of the projects with count and last seen, by name (binary order) then project', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    assert.deepEqual(await s.services([projectId]), []);
    assert.deepEqual(await s.services([]), []);
    await s.insertLogs([
      row(projectId, { service: 'worker', ts: T0 }),
      row(projectId, { service: 'api', ts: T0 + 5 }),
      row(projectId, { service: 'api', ts: T0 - 86_400_000 }),
      row(projectId, { service: 'Zeta', ts: T0 + 1 }),
      row(other, { service: 'mailer', ts: T0 + 9 }),
    ]);
    assert.deepEqual(await s.services([projectId]), [
      { projectId, service: 'Zeta', count: 1, lastSeenAt: T0 + 1 },
      { projectId, service: 'api', count: 2, lastSeenAt: T0 + 5 },
      { projectId, service: 'worker', count: 1, lastSeenAt: T0 },
    ]);
    await s.insertLogs([row(other, { service: 'api', ts: T0 + 7 })]);
    // Several projects: by service, then project id; the same service name stays apart per project.
    assert.deepEqual(await s.services([other, projectId]), [
      { projectId, service: 'Zeta', count: 1, lastSeenAt: T0 + 1 },
      { projectId, service: 'api', count: 2, lastSeenAt: T0 + 5 },
      { projectId: other, service: 'api', count: 1, lastSeenAt: T0 + 7 },
      { projectId: other, service: 'mailer', count: 1, lastSeenAt: T0 + 9 },
      { projectId, service: 'worker', count: 1, lastSeenAt: T0 },
    ]);
  });

  test('getLog, maxLogId: by id; unknown or malformed ids give null', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    assert.equal(await s.maxLogId(), '0');
    await s.insertLogs([row(projectId, { message: 'a' }), row(projectId, { message: 'b', ts: T0 - 86_400_000 })]);
    const all = (await s.queryLogs({ projectIds: [projectId], limit: 10 })).data;
    const max = all.map((e) => BigInt(e.id)).reduce((a, c) => (c > a ? c : a));
    assert.equal(await s.maxLogId(), String(max));
    assert.equal((await s.getLog(String(max)))?.id, String(max));
    assert.equal(await s.getLog(String(max + 1000n)), null);
    assert.equal(await s.getLog('abc'), null);
    assert.equal(await s.getLog('99999999999999999999999'), null);
  });

  test('logContext: same project and service, just before and after by (ts, id), oldest first', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    const rows = [];
    for (let i = 0; i < 10; i++) {
      rows.push(row(projectId, { ts: T0 + Math.floor(i / 2) * 1000, message: `api ${i}`, version: `a${i}` })); // pairs tie on ts
      rows.push(row(projectId, { ts: T0 + i * 500, service: 'worker', message: `worker ${i}` }));
      rows.push(row(other, { ts: T0 + i * 500, message: `other ${i}` }));
    }
    await s.insertLogs(rows);
    const api = (await s.queryLogs({ projectIds: [projectId], services: ['api'], limit: 100 })).data.reverse(); // oldest first
    assert.equal(api.length, 10);
    const mid = api[5]!;
    const ctx = await s.logContext(mid, 3, 2);
    assert.deepEqual(ctx.before.map((e) => e.id), api.slice(2, 5).map((e) => e.id));
    assert.deepEqual(ctx.after.map((e) => e.id), api.slice(6, 8).map((e) => e.id));
    const edge = await s.logContext(api[0]!, 5, 20);
    assert.deepEqual(edge.before, []);
    assert.deepEqual(edge.after.map((e) => e.id), api.slice(1).map((e) => e.id));
  });

  test('logsAfter: ids greater than afterId matching the filter, oldest first, up to the limit', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    await s.insertLogs([row(projectId, { message: 'first' })]);
    const start = await s.maxLogId();
    await s.insertLogs([
      row(projectId, { message: 'n1', level: 'ERROR', ts: T0 + 10 }),
      row(other, { message: 'n2', level: 'ERROR' }),
      row(projectId, { message: 'n3', level: 'INFO', ts: T0 - 10 }),
      row(projectId, { message: 'n4', level: 'ERROR', ts: T0 - 20 }),
      row(projectId, { message: 'n5', level: 'ERROR', ts: T0 + 5 }),
    ]);
    const errors = await s.logsAfter(start, { projectIds: [projectId], levels: ['ERROR'] }, 10);
    assert.deepEqual(errors.map((e) => e.message), ['n1', 'n4', 'n5'], 'arrival (id) order, not ts order');
    const ids = errors.map((e) => BigInt(e.id));
    assert.ok(ids[0]! > BigInt(start) && ids[0]! < ids[1]! && ids[1]! < ids[2]!);
    assert.deepEqual((await s.logsAfter(start, { projectIds: [projectId] }, 2)).map((e) => e.message), ['n1', 'n3']);
    assert.deepEqual(await s.logsAfter(errors[2]!.id, { projectIds: [projectId] }, 10), []);
    assert.deepEqual((await s.logsAfter('0', { projectIds: [projectId], query: parseQuery('first') }, 10)).map((e) => e.message), ['first']);
  });
}
