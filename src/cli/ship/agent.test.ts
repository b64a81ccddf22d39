import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { serviceOfFile } from './agent.js';
import { Checkpoints, isRotationOf, replayableRanges } from './checkpoints.js';

test('the service of a file: rotations keep the name of the file they rotate', () => {
  const files = ['/l/app.log', '/l/app.log.1', '/l/app.log-20260101', '/l/worker.out', '/l/api.json.log', '/l/logbook'];
  assert.deepEqual(files.map(serviceOfFile), ['app', 'app', 'app', 'worker', 'api.json', 'logbook']);
});

test('a rotation of a file: same directory, its name and more', () => {
  assert.equal(isRotationOf('/l/app.log.1', '/l/app.log'), true);
  assert.equal(isRotationOf('/l/app.log', '/l/app.log'), false);
  assert.equal(isRotationOf('/other/app.log.1', '/l/app.log'), false);
  assert.equal(isRotationOf('/l/api.log', '/l/app.log'), false);
});

test('checkpoints: the single pending range of older agents reads as a list; replayable ranges are contiguous and inside the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ship-ckpt-'));
  fs.writeFileSync(path.join(dir, 'checkpoints.json'), JSON.stringify({ version: 1, files: { '1:2': { path: '/l/app.log', fingerprint: 'f', offset: 10, pending: { start: 10, end: 20 } } } }));
  assert.deepEqual(new Checkpoints(dir).get('1:2')?.pending, [{ start: 10, end: 20 }]);
  const pending = [{ start: 10, end: 20 }, { start: 20, end: 35 }, { start: 40, end: 50 }];
  assert.deepEqual(replayableRanges(10, pending, 100), pending.slice(0, 2), 'stops at a gap');
  assert.deepEqual(replayableRanges(10, pending, 30), pending.slice(0, 1), 'stops at a range the file no longer holds');
  assert.deepEqual(replayableRanges(20, pending, 100), [], 'must start at the offset');
  fs.rmSync(dir, { recursive: true });
});
