import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multilineValues } from './multiline';

test('multi-line strings are found at any depth, single-line ones are not', () => {
  const stack = 'TypeError: x is undefined\n    at f (app.js:1:2)\n    at g (app.js:3:4)';
  const found = multilineValues({ error: { type: 'TypeError', stack }, sql: 'SELECT 1', list: ['a\nb'] });
  assert.deepEqual(found, [{ path: 'error.stack', text: stack }, { path: 'list.0', text: 'a\nb' }]);
});
