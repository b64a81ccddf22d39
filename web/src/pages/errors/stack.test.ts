import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame } from '../../api/errors';
import type { LogEntry } from '../../api/types';
import { frameLabel, frameRuns, rawStack } from './stack';

const frame = (file: string, in_app: boolean, line: number | null = 1): Frame => ({
  file,
  function: 'f',
  line,
  column: null,
  in_app,
  raw: `at f (${file}:${line})`,
});

test('consecutive library frames fold into one run, in-app frames stay one by one', () => {
  const runs = frameRuns([frame('app.js', true), frame('a', false), frame('b', false), frame('c.js', true), frame('c.js', true), frame('d', false)]);
  assert.deepEqual(
    runs.map((r) => (r.kind === 'app' ? `app@${r.index}` : `lib${r.frames.length}@${r.index}`)),
    ['app@0', 'lib2@1', 'app@3', 'app@4', 'lib1@5'],
  );
  assert.deepEqual(frameRuns([]), []);
});

test('a frame label leaves out what is unknown', () => {
  assert.deepEqual(frameLabel({ ...frame('src/cart.js', true, 42), column: 7 }), { where: 'src/cart.js in f', position: 'line 42:7' });
  assert.deepEqual(frameLabel({ ...frame('main.go', true, null), function: '' }), { where: 'main.go', position: '' });
});

const event = (context: Record<string, unknown>): LogEntry => ({
  id: '1', project_id: 1, timestamp: '', received_at: '', level: 'ERROR', service: 'api', message: 'm', context,
  environment: null, version: null, host: null, trace_id: null, span_id: null,
});

test('the raw stack is the known stack field first, else the first multi-line value', () => {
  const stack = 'TypeError: x\n    at f (a.js:1:2)';
  assert.deepEqual(rawStack(event({ sql: 'SELECT\n1', error: { stack } })), { path: 'error.stack', text: stack });
  assert.deepEqual(rawStack(event({ sql: 'SELECT\n1' })), { path: 'sql', text: 'SELECT\n1' });
  assert.deepEqual(rawStack(event({ stack: 'one line only' })), { path: 'stack', text: 'one line only' });
  assert.equal(rawStack(event({ user: 1 })), null);
  assert.equal(rawStack(null), null);
});
