/**
 * SQLite keeps perf sketches as binary BLOBs (src/perf/sketch-codec.ts); databases written before that hold
 * JSON text. Both read the same, and a write into a JSON row merges its counts and rewrites it as a BLOB.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { perfFacts } from '../../perf/conventions.js';
import { accOf } from '../../perf/stats.js';
import { bucketKey } from '../../perf/sketch.js';
import type { LogRow } from '../types.js';
import { openSqliteStore } from './index.js';

const MINUTE = 60_000;
const T0 = Math.floor(Date.UTC(2026, 10, 2, 10, 0) / MINUTE) * MINUTE;

const request = (ts: number, ms: number): LogRow => {
  const context = { http: { method: 'GET', route: '/orders/:id', status: 200, duration_ms: ms } };
  return {
    projectId: 1, ts, receivedAt: ts, level: 'INFO', service: 'api', message: 'GET /orders/1', context: JSON.stringify(context),
    environment: null, version: null, host: null, traceId: null, spanId: null, perf: perfFacts(context),
  };
};

test('perf sketches: new rows are BLOBs; JSON rows of older databases read and merge the same', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-perf-format-'));
  const file = path.join(dir, 'devsmith.db');
  const store = await openSqliteStore({ path: file });
  const side = new Database(file);
  try {
    await store.insertLogs([request(T0, 10), request(T0 + 1000, 200)]);
    assert.equal(side.prepare('SELECT typeof(sketch) FROM perf_minutes WHERE minute = ?').pluck().get(T0 / MINUTE), 'blob');

    // A row as the JSON format wrote it, one minute later (its hour row stays the binary one written above).
    side.prepare(`INSERT INTO perf_minutes (project_id, minute, service, kind, route, method, version, environment, n, errors, sum_ms, max_ms, sketch)
      VALUES (1, ?, 'api', 'http', '/orders/:id', 'GET', '', '', 2, 0, 60, 50, ?)`)
      .run(T0 / MINUTE + 1, JSON.stringify({ [bucketKey(10)]: 1, [bucketKey(50)]: 1 }));
    const read = async () => accOf(await store.perfRows({ projectId: 1, from: T0, to: T0 + 2 * MINUTE, minutesOnly: true }));
    let acc = await read();
    assert.equal(acc.n, 4);
    assert.deepEqual(acc.sketch, { [bucketKey(10)]: 2, [bucketKey(50)]: 1, [bucketKey(200)]: 1 });

    // A write into the JSON row: its counts are kept, and it is stored as a BLOB from then on.
    await store.insertLogs([request(T0 + MINUTE + 5000, 50)]);
    assert.equal(side.prepare('SELECT typeof(sketch) FROM perf_minutes WHERE minute = ?').pluck().get(T0 / MINUTE + 1), 'blob');
    acc = await read();
    assert.equal(acc.n, 5);
    assert.deepEqual(acc.sketch, { [bucketKey(10)]: 2, [bucketKey(50)]: 2, [bucketKey(200)]: 1 });
    const rows = await store.perfRows({ projectId: 1, from: T0, to: T0 + 2 * MINUTE, minutesOnly: true });
    assert.deepEqual(rows.map((r) => r.sketch), [{ [bucketKey(10)]: 1, [bucketKey(200)]: 1 }, { [bucketKey(10)]: 1, [bucketKey(50)]: 2 }]);
  } finally {
    side.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
