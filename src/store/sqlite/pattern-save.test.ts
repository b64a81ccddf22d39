/**
 * The pattern upkeep's save runs on the writer thread, between log commits: on the reading (main thread's)
 * connection it waited for the write lock and ran WAL checkpoints at its commit while ingestion waited
 * (docs/benchmarks.md, "Pattern upkeep, the save off the main thread"). The reading connection must not write.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { openSqliteStore } from './index.js';

test('savePatternBatch writes through the writer thread, never on the reading connection', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-pattern-save-'));
  const store = await openSqliteStore({ path: path.join(dir, 'devsmith.db') });
  try {
    const owner = await store.createUser({ email: 'p@example.com', name: 'P', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: owner.id, name: 'p', slug: 'p', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_p');
    const reading = (store as unknown as { db: Database.Database }).db;
    const changes = () => (reading.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    const hour = 3_600_000 * 490_000;
    const delta = { projectId: project.id, clusterId: 'c1', template: 'user <*> logged in', count: 2, firstSeen: hour, lastSeen: hour + 1, levels: { INFO: 2 }, services: ['api'], exampleIds: ['2', '1'] };
    // Commits and a save sent together: one writer takes them in turn (no busy error, no lost commit).
    const row = { projectId: project.id, ts: hour, receivedAt: hour, level: 'INFO' as const, service: 'api', message: 'm', context: '{}', environment: null, version: null, host: null, traceId: null, spanId: null };
    const [saved] = await Promise.all([
      store.savePatternBatch('0', { watermark: '2', state: '{}' }, [delta], [{ projectId: project.id, clusterId: 'c1', hour, count: 2 }]),
      ...Array.from({ length: 5 }, () => store.insertLogs([row, row])),
    ]);
    assert.equal(saved, true);
    assert.equal(changes(), before, 'the reading connection changed rows');
    // What the writer saved is what the reading connection reads next.
    assert.deepEqual(await store.patternProgress(), { watermark: '2', state: '{}' });
    assert.deepEqual((await store.listProjectPatterns(project.id, 10)).map((p) => [p.clusterId, p.count]), [['c1', 2]]);
    assert.deepEqual(await store.patternHours(project.id, hour, hour + 3_600_000), [{ projectId: project.id, clusterId: 'c1', hour, count: 2 }]);
    assert.equal(await store.countLogs({ projectIds: [project.id] }), 10);
    // Over a stale watermark it refuses, as on the reading connection before.
    assert.equal(await store.savePatternBatch('0', { watermark: '3', state: null }, [delta], []), false);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
