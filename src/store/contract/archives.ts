/** Contract cases: archive records, and restoring logs with their own ids (idempotent, conflict-checked). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestoreConflictError, type ArchiveRecord, type RestoredLog } from '../archive-types.js';
import { parseQuery } from '../../search/parser.js';
import { type Backend, row, withProject } from './harness.js';

const T = Date.UTC(2026, 10, 20, 10, 0, 0);

function record(projectId: number, day: string, over: Partial<ArchiveRecord> = {}): ArchiveRecord {
  return {
    projectId, day, status: 'pending', objectKey: `a/project-${projectId}/${day}.ndjson.gz`, logCount: null, bytes: null, sha256: null,
    error: null, requestedAt: T, archivedAt: null, restoredAt: null, restoredCount: null, ...over,
  };
}

const FP = 'ab12'.repeat(8);

function stored(projectId: number, id: string, i: number): RestoredLog {
  return { id, projectId, ts: T + i * 1000, receivedAt: T + i * 1000 + 5, level: i % 2 ? 'ERROR' : 'INFO', service: 'api',
    message: `restored message ${i} ünïcode`, context: `{"i":${i},"n":{"a":[1,"x",null]}}`, environment: 'prod', version: null,
    host: 'h1', traceId: i % 2 ? `t${i}` : null, spanId: null, fingerprint: i % 2 ? FP : null };
}

export function archiveCases(b: Backend): void {
  test('archive records: saved, replaced, listed newest day first, found by state', async () => {
    const s = await b.fresh();
    // Each case gives its connections back at once: a run's stores otherwise keep theirs until the end.
    try {
      const { projectId } = await withProject(s);
      await s.saveArchive(record(projectId, '2026-11-19'));
      await s.saveArchive(record(projectId, '2026-11-20', { status: 'running' }));
      const done = record(projectId, '2026-11-19', { status: 'archived', logCount: 3_000_000_000, bytes: 5_000_000_000, sha256: 'ab'.repeat(32), archivedAt: T + 1 });
      await s.saveArchive(done);
      assert.deepEqual(await s.getArchive(projectId, '2026-11-19'), done);
      assert.equal(await s.getArchive(projectId, '2026-11-18'), null);
      assert.deepEqual((await s.listArchives(projectId)).map((a) => a.day), ['2026-11-20', '2026-11-19']);
      assert.deepEqual((await s.archivesInState(['pending', 'running'])).map((a) => a.day), ['2026-11-20']);
      assert.deepEqual(await s.listArchives(projectId + 1), []);
    } finally {
      await s.close();
    }
  });

  test('restoreLogs keeps ids and every field, counts them, and skips ids already there', async () => {
    const s = await b.fresh();
    // Each case gives its connections back at once: a run's stores otherwise keep theirs until the end.
    try {
      const { projectId } = await withProject(s);
      const logs = [stored(projectId, '1000', 1), stored(projectId, '1001', 2), stored(projectId, '1002', 3)];
      assert.deepEqual(await s.restoreLogs(logs), { inserted: 3, present: 0 });
      const filter = { projectIds: [projectId] };
      const page = await s.scanLogs({ ...filter, limit: 10 });
      assert.deepEqual(page.rows, [...logs].reverse().map(({ fingerprint: _, ...l }) => l));
      const byFingerprint = await s.queryLogs({ ...filter, limit: 10, query: parseQuery(`fingerprint:${FP}`) });
      assert.deepEqual(byFingerprint.data.map((l) => [l.id, l.fingerprint]), [['1002', FP], ['1000', FP]], 'the fingerprint is stored');
      assert.equal(await s.countLogs({ ...filter, from: T, to: T + 60_000 }), 3);
      const h = await s.histogram({ ...filter, from: T, to: T + 60_000 }, 60_000);
      assert.deepEqual(h.map((x) => x.counts), [{ INFO: 1, ERROR: 2 }]);
      assert.equal((await s.queryLogs({ ...filter, limit: 10, query: parseQuery('restored') })).data.length, 3);
      assert.deepEqual(await s.restoreLogs(logs), { inserted: 0, present: 3 }, 'a second restore adds nothing');
      assert.equal(await s.countLogs({ ...filter, from: T, to: T + 60_000 }), 3);
      // Logs written after a restore get ids above the restored ones.
      await s.insertLogs([row(projectId, { ts: T + 10_000 })]);
      assert.ok(BigInt(await s.maxLogId()) > 1002n);
    } finally {
      await s.close();
    }
  });

  test('restoreLogs refuses an id held by a different log, writing nothing of the chunk', async () => {
    const s = await b.fresh();
    // Each case gives its connections back at once: a run's stores otherwise keep theirs until the end.
    try {
      const { projectId } = await withProject(s);
      await s.insertLogs([row(projectId, { ts: T })]);
      const taken = await s.maxLogId();
      const clash = { ...stored(projectId, taken, 1), ts: T + 99_000 };
      await assert.rejects(s.restoreLogs([stored(projectId, '5000', 2), clash]), RestoreConflictError);
      assert.equal(await s.countLogs({ projectIds: [projectId] }), 1);
    } finally {
      await s.close();
    }
  });
}
