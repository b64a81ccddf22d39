import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from './format';

test('formatBytes: binary units, one decimal under 10, the next unit instead of "1024 KB"', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(148.4), '148 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1.0 KB');
  assert.equal(formatBytes(3.45 * 1024), '3.5 KB');
  assert.equal(formatBytes(148 * 1024 * 1024), '148 MB');
  assert.equal(formatBytes(1.2 * 1024 ** 3), '1.2 GB');
  assert.equal(formatBytes(1024 * 1024 - 1), '1.0 MB');
  assert.equal(formatBytes(-5), '0 B');
});
