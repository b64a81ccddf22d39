/**
 * The FTS index keeps pace with sustained writes. Commits that arrive back to back used to starve the indexer
 * (Node runs a port's queued messages before any immediate): the tail that search must scan with LIKE grew
 * with every commit. Now a commit is followed by indexing once the lag passes 20,000 rows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parseQuery } from '../../search/parser.js';
import type { LogRow } from '../types.js';
import { openSqliteStore } from './index.js';

const row = (i: number): LogRow => ({
  projectId: 1, ts: Date.now(), receivedAt: Date.now(), level: 'INFO', service: 'api', message: `request ${i} served by node-${i % 7}`,
  context: '{}', environment: null, version: null, host: null, traceId: null, spanId: null,
});

test('back-to-back commits: the FTS index lags by at most ~20,000 rows, and search finds the newest rows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-fts-lag-'));
  const file = path.join(dir, 'devsmith.db');
  const store = await openSqliteStore({ path: file });
  try {
    const commits = 45, perCommit = 1_000; // 45,000 rows queued at once: the writer never idles between them
    await Promise.all(Array.from({ length: commits }, (_, c) =>
      store.commitBatches([{ rows: Array.from({ length: perCommit }, (_, i) => row(c * perCommit + i)) }])));
    const db = new Database(file, { readonly: true });
    try {
      const upto = Number(db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").pluck().get());
      const max = db.prepare('SELECT MAX(id) FROM logs').pluck().get() as number;
      assert.equal(max, commits * perCommit);
      // Without the bound the index had reached none of them (upto 0) when the last commit returned.
      assert.ok(max - upto <= 20_000 + perCommit, `index lag ${max - upto} rows`);
    } finally {
      db.close();
    }
    const found = await store.queryLogs({ projectIds: [1], query: parseQuery('44999'), limit: 5 });
    assert.deepEqual(found.data.map((e) => e.message), ['request 44999 served by node-3']);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
