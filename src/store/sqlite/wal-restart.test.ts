/**
 * Under commits that never pause, the checkpointer thread's PASSIVE checkpoints never catch up with the last
 * commit, so the WAL would never start over. The checkpointer no longer runs a RESTART for it (that held every
 * commit back for 57-360 ms): it asks the writer, which checkpoints between two commits (checkpointer.ts).
 * The WAL's length is read from the wal-index (`-shm`): its header holds mxFrame, the last valid frame, at
 * byte 16. It drops when the WAL starts over.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { LogRow } from '../types.js';
import { openSqliteStore } from './index.js';

const rows = (n: number, tag: string): LogRow[] =>
  Array.from({ length: n }, (_, i) => ({
    projectId: 1, ts: Date.now(), receivedAt: Date.now(), level: 'INFO', service: 'api', message: `${tag} entry ${i} ${'x'.repeat(200)}`,
    context: '{}', environment: null, version: null, host: null, traceId: null, spanId: null,
  }));

test('back-to-back commits: the WAL starts over at the frames asked, without a RESTART holding commits back', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-wal-'));
  const file = path.join(dir, 'devsmith.db');
  const restartFrames = 1_000; // 4 MiB
  const store = await openSqliteStore({ path: file, walRestartFrames: restartFrames });
  try {
    let committed = 0;
    let restarts = 0;
    let longest = 0;
    // Until the WAL has started over three times: ~2 s here when quiet. The writer's autocheckpoint (65,536
    // frames) is a backstop that starts it over too, so the longest WAL tells who did. A busy CI machine once
    // saw 2 restarts in 4 s, both the backstop's (65,949 frames): the checkpointer's passes, run back to back
    // while asking, took the checkpoint lock from the writer every time.
    const until = performance.now() + 30_000;
    const enough = () => restarts >= 3 && committed > 20_000;
    let last = 0;
    const sampler = setInterval(() => {
      const frames = fs.readFileSync(`${file}-shm`).readUInt32LE(16); // native order: little-endian here
      if (frames < last) restarts++;
      longest = Math.max(longest, frames);
      last = frames;
    }, 10);
    // Four commits always in flight: the writer is never idle, as under sustained ingest.
    await Promise.all(Array.from({ length: 4 }, async (_, lane) => {
      for (let i = 0; !enough() && performance.now() < until; i++) {
        await store.insertLogs(rows(200, `l${lane}-${i}`));
        committed += 200;
      }
    }));
    clearInterval(sampler);
    // Without the writer's checkpoint the WAL did not start over before the backstop: 46,813 frames after 4 s.
    assert.ok(committed > 20_000, `enough commits to fill the WAL several times (${committed} rows)`);
    assert.ok(restarts >= 3, `the WAL started over ${restarts} times (longest ${longest} frames, asked at ${restartFrames})`);
    assert.ok(longest < 60_000, `the writer's checkpoint started the WAL over, not the 65,536-frame backstop (longest ${longest} frames)`);
    assert.equal(await store.countLogs({ projectIds: [1] }), committed, 'every committed row is there');
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
