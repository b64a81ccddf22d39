/** Contract cases: commitBatches (group commit + idempotency), insertLogs, idempotency pruning, migrations. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WriteBatch } from '../types.js';
import { type Backend, row, withProject } from './harness.js';

const keyed = (projectId: number, key: string, n: number, status = 201): WriteBatch => ({
  rows: Array.from({ length: n }, (_, i) => row(projectId, { message: `${key} row ${i}` })),
  idempotency: { projectId, key, record: { status, body: `{"count":${n},"key":"${key}"}` } },
});

export function writeCases(b: Backend): void {
  test('commitBatches: every batch committed, rows stored with every field', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const full = row(projectId, {
      ts: Date.UTC(2026, 10, 25, 10, 0, 0, 123), receivedAt: Date.UTC(2026, 10, 25, 10, 0, 1, 456), level: 'ERROR',
      service: 'billing', message: 'Database error', context: '{"code":"ECONNREFUSED","user_id":123,"nested":{"ok":true}}',
      environment: 'production', version: '1.4.2', host: 'web-1', traceId: 'trace-1', spanId: 'span-1',
    });
    const results = await s.commitBatches([{ rows: [full] }, { rows: [row(projectId), row(projectId)] }, { rows: [] }]);
    assert.deepEqual(results, [{ status: 'committed' }, { status: 'committed' }, { status: 'committed' }]);
    assert.equal(await s.countLogs({ projectIds: [projectId] }), 3);
    const page = await s.queryLogs({ projectIds: [projectId], services: ['billing'], limit: 10 });
    assert.equal(page.data.length, 1);
    const e = page.data[0]!;
    assert.match(e.id, /^\d+$/);
    assert.deepEqual({ ...e, id: '' }, {
      id: '', projectId, timestamp: '2026-11-25T10:00:00.123Z', receivedAt: '2026-11-25T10:00:01.456Z', level: 'ERROR',
      service: 'billing', message: 'Database error', context: { code: 'ECONNREFUSED', user_id: 123, nested: { ok: true } },
      environment: 'production', version: '1.4.2', host: 'web-1', traceId: 'trace-1', spanId: 'span-1',
    });
    assert.deepEqual(await s.getLog(e.id), e);
  });

  test('commitBatches: idempotency key repeated in one call and across calls stores once', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const { projectId: other } = await withProject(s, 'other');
    const first = keyed(projectId, 'k1', 3);
    const again = keyed(projectId, 'k1', 5, 200); // same key, different content: the stored answer wins
    const r1 = await s.commitBatches([first, again, keyed(other, 'k1', 2), { rows: [row(projectId)] }]);
    assert.deepEqual(r1, [
      { status: 'committed' },
      { status: 'duplicate', record: first.idempotency!.record },
      { status: 'committed' }, // the same key in another project is another request
      { status: 'committed' },
    ]);
    assert.equal(await s.countLogs({ projectIds: [projectId] }), 4);
    assert.equal(await s.countLogs({ projectIds: [other] }), 2);
    const r2 = await s.commitBatches([keyed(projectId, 'k1', 7), keyed(projectId, 'k2', 1)]);
    assert.deepEqual(r2, [{ status: 'duplicate', record: first.idempotency!.record }, { status: 'committed' }]);
    assert.equal(await s.countLogs({ projectIds: [projectId] }), 5);
    assert.deepEqual(await s.getIdempotencyRecord(projectId, 'k1'), first.idempotency!.record);
    assert.equal(await s.getIdempotencyRecord(projectId, 'missing'), null);
  });

  test('commitBatches: 10 concurrent calls with the same key store the rows once', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const results = await Promise.all(Array.from({ length: 10 }, () => s.commitBatches([keyed(projectId, 'race', 4)])));
    const statuses = results.map((r) => r[0]!.status);
    assert.equal(statuses.filter((x) => x === 'committed').length, 1);
    assert.equal(statuses.filter((x) => x === 'duplicate').length, 9);
    assert.equal(await s.countLogs({ projectIds: [projectId] }), 4);
  });

  test('insertLogs: rows across many days land and are all readable', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    const day = 86_400_000;
    const base = Date.UTC(2025, 0, 1);
    const rows = Array.from({ length: 1000 }, (_, i) => row(projectId, { ts: base + (i % 40) * day + i, message: `m${i}` }));
    await s.insertLogs(rows);
    await s.insertLogs([]);
    assert.equal(await s.countLogs({ projectIds: [projectId] }), 1000);
    assert.equal(await s.countLogs({ projectIds: [projectId], from: base + 39 * day }), 25);
  });

  test('pruneIdempotency deletes only records older than the given time', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.commitBatches([keyed(projectId, 'old', 1)]);
    const cut = Date.now() + 1;
    await new Promise((r) => setTimeout(r, 5));
    await s.commitBatches([keyed(projectId, 'new', 1)]);
    assert.equal(await s.pruneIdempotency(cut), 1);
    assert.equal(await s.getIdempotencyRecord(projectId, 'old'), null);
    assert.notEqual(await s.getIdempotencyRecord(projectId, 'new'), null);
    assert.equal(await s.pruneIdempotency(cut), 0);
    const again = await s.commitBatches([keyed(projectId, 'old', 1)]);
    assert.deepEqual(again, [{ status: 'committed' }], 'a pruned key is a new request');
  });

  test('migrate() twice is a no-op; ping answers', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s);
    await s.insertLogs([row(projectId)]);
    await s.migrate();
    await Promise.all([s.migrate(), s.migrate()]);
    await s.ping();
    assert.equal(await s.countLogs({ projectIds: [projectId] }), 1);
    assert.equal(await s.countUsers(), 1);
  });
}
