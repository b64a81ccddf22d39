/**
 * A group of more than PART_ROWS rows crosses to the writer thread in parts (one structured clone of 10 MiB held
 * the event loop 20-40 ms: issue 9). The parts must be reassembled in order, between other commits, and a group
 * whose parts the writer did not get (it restarted between them) must fail as a whole, never commit half.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { openSqliteStore } from './index.js';
import { PART_ROWS } from './encoding.js';
import { StoreUnavailableError } from '../types.js';

test('a large group crosses in parts, reassembled in order between other commits; a lost part fails it whole', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-writer-parts-'));
  const store = await openSqliteStore({ path: path.join(dir, 'devsmith.db') });
  try {
    const owner = await store.createUser({ email: 'p@example.com', name: 'P', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: owner.id, name: 'p', slug: 'p', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_p');
    const row = (service: string, i: number) => ({ projectId: project.id, ts: 1_700_000_000_000 + i, receivedAt: 1_700_000_000_000, level: 'INFO' as const, service, message: `${service} ${i}`, context: JSON.stringify({ i }), environment: null, version: null, host: null, traceId: null, spanId: null });
    const big = Array.from({ length: 2 * PART_ROWS + 345 }, (_, i) => row('big', i)); // two parts ahead, 345 rows with the commit
    const [results] = await Promise.all([
      store.commitBatches([{ rows: big }]),
      ...Array.from({ length: 4 }, (_, k) => store.insertLogs([row(`small${k}`, k)])),
    ]);
    assert.deepEqual(results, [{ status: 'committed' }]);
    const reading = (store as unknown as { db: Database.Database }).db;
    const stored = reading.prepare("SELECT message, json(context) AS context FROM logs WHERE service = 'big' ORDER BY id").all() as Array<{ message: string; context: string }>;
    assert.equal(stored.length, big.length);
    stored.forEach((r, i) => assert.deepEqual([r.message, JSON.parse(r.context).i], [`big ${i}`, i], `row ${i} in its place`));
    assert.equal(await store.countLogs({ projectIds: [project.id] }), big.length + 4);

    // A commit naming parts the writer never got (as after a restart between them): refused whole, as unavailable.
    const send = (store as unknown as { send(msg: unknown): Promise<unknown> }).send.bind(store);
    const { encodeGroup } = await import('./encoding.js');
    await assert.rejects(send({ type: 'commit', group: encodeGroup([{ rows: [row('orphan', 0)] }]), parts: { key: 99_999, count: 2 } }), (err: Error) => err instanceof StoreUnavailableError && /lost/.test(err.message));
    assert.equal(await store.countLogs({ projectIds: [project.id] }), big.length + 4, 'nothing of it stored');
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
