import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '../types.js';
import { isUnavailable, mapError } from './errors.js';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

test('storage full and out of memory are "unavailable" (503 with Retry-After), not internal errors', () => {
  for (const code of ['53100', '53200', '53300', '08006', '57P01']) {
    assert.ok(isUnavailable(pgError(code)), code);
    assert.throws(() => mapError(pgError(code)), StoreUnavailableError);
  }
  for (const code of ['22003', '42P01', '23503']) assert.equal(isUnavailable(pgError(code)), false, code);
});
