/** Contract cases: storage per project (storage-types.ts), an estimate shared by stored logs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '../types.js';
import { type Backend, row, withProject } from './harness.js';

async function insert(s: Store, projectId: number, n: number, offset = 0): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) =>
    row(projectId, {
      ts: Date.UTC(2026, 10, 25, 10, 0, 0) + (offset + i) * 1000,
      message: `request ${offset + i} served in ${(i * 7) % 900} ms for user u${i % 37}`,
      context: JSON.stringify({ route: `/api/items/${i}`, status: 200 + (i % 3) }),
    }));
  await s.insertLogs(rows);
}

export function storageCases(b: Backend): void {
  test('storage: bytes shared by stored logs; 3x the logs, 3x the bytes; an empty project 0', async () => {
    const s = await b.fresh();
    const { projectId: a } = await withProject(s, 'a');
    const { projectId: big } = await withProject(s, 'big');
    const { projectId: empty } = await withProject(s, 'empty');
    const before = await s.projectStorage([a, big, empty], 0);
    assert.equal(before.totalLogs, 0);
    assert.deepEqual(before.projects.map((p) => [p.logs, p.bytes, p.bytesPerLog]), [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);

    await insert(s, a, 200);
    await insert(s, big, 600, 1000);
    // Asked with a cache age: the measure of the empty store is not reused once logs are stored.
    const r = await s.projectStorage([a, big, empty], 60_000);
    assert.equal(r.estimated, true);
    assert.equal(r.totalLogs, 800);
    assert.ok(r.totalBytes > 0, `log objects measured: ${r.totalBytes}`);
    assert.ok(r.covers.some((c) => c.startsWith('logs')), `covers names the logs table: ${r.covers.join(', ')}`);
    const [pa, pb, pe] = r.projects;
    assert.deepEqual([pa!.projectId, pb!.projectId, pe!.projectId], [a, big, empty], 'in the order asked');
    assert.deepEqual([pa!.logs, pb!.logs], [200, 600]);
    assert.ok(pa!.bytes > 0);
    assert.ok(Math.abs(pb!.bytes / pa!.bytes - 3) < 0.01, `3x the logs gets 3x the share: ${pb!.bytes} / ${pa!.bytes}`);
    assert.deepEqual([pe!.logs, pe!.bytes, pe!.bytesPerLog], [0, 0, 0]);
    assert.ok(Math.abs(pa!.bytes + pb!.bytes - r.totalBytes) <= 2, 'the shares add up to the total');
    for (const p of [pa!, pb!]) {
      assert.ok(Math.abs(p.bytesPerLog - r.totalBytes / r.totalLogs) <= 0.05, 'per log: the total over all logs');
      assert.ok(Math.abs(p.bytes - p.logs * p.bytesPerLog) <= p.logs * 0.05 + 1, 'bytes = logs x bytes per log');
    }
  });

  test('storage: only the projects asked for; counts read now, the measure cached for maxAgeMs', async () => {
    const s = await b.fresh();
    const { projectId: a } = await withProject(s, 'a');
    const { projectId: other } = await withProject(s, 'other');
    await insert(s, a, 50);
    await insert(s, other, 50, 500);
    const first = await s.projectStorage([a], 0);
    assert.deepEqual(first.projects.map((p) => p.projectId), [a]);
    assert.equal(first.totalLogs, 100, 'the total covers every project: the bytes are shared among all');

    await insert(s, a, 50, 100);
    const cached = await s.projectStorage([a], 60_000);
    assert.equal(cached.measuredAt, first.measuredAt, 'measure reused');
    assert.equal(cached.totalLogs, 100);
    assert.equal(cached.projects[0]!.logs, 100, 'counts are read now');
    assert.equal(cached.projects[0]!.bytes, Math.round(100 * (first.totalBytes / first.totalLogs)));

    const fresh = await s.projectStorage([a], 0);
    assert.equal(fresh.totalLogs, 150);
    assert.ok(fresh.measuredAt >= first.measuredAt);
    assert.deepEqual((await s.projectStorage([], 0)).projects, []);
  });
}
