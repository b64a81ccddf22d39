import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OncePer } from './request-log.js';

test('a warning repeated on every request is let through once per interval, with the count held back', () => {
  const once = new OncePer(60_000);
  assert.deepEqual([once.pass(0), once.pass(10), once.pass(59_999), once.pass(60_000), once.pass(60_001)], [0, null, null, 2, null]);
});
