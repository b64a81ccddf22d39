/**
 * The writer thread dying (an error outside a commit, e.g. SQLITE_FULL while it starts) must not leave writes
 * waiting forever: they are refused as unavailable (503 upstream), and the next write a second later starts
 * a new writer. This hung the disk-full test whenever the disk filled up while the writer was starting.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { StoreUnavailableError, type LogRow } from '../types.js';
import { openSqliteStore } from './index.js';

const row = (message: string): LogRow => ({
  projectId: 1, ts: Date.now(), receivedAt: Date.now(), level: 'INFO', service: 'api', message, context: '{}',
  environment: null, version: null, host: null, traceId: null, spanId: null,
});

test('a dead writer thread: writes are refused as unavailable, then a new writer takes them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-writer-'));
  const store = await openSqliteStore({ path: path.join(dir, 'devsmith.db') });
  try {
    await store.insertLogs([row('before')]);
    const worker = (store as unknown as { worker: Worker }).worker;
    const exited = new Promise((r) => worker.once('exit', r));
    await worker.terminate();
    await exited;
    await assert.rejects(store.insertLogs([row('while down')]), StoreUnavailableError);
    await new Promise((r) => setTimeout(r, 1100));
    await store.insertLogs([row('after')]);
    const page = await store.queryLogs({ projectIds: [1], limit: 10 });
    assert.deepEqual(page.data.map((e) => e.message), ['after', 'before']);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
