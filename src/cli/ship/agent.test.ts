import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceOfFile } from './agent.js';
import { isRotationOf } from './checkpoints.js';

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
