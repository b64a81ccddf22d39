import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.js';
import { dayRange, formatDay, parseDay } from './day.js';

test('parseDay takes real UTC dates only; formatDay is its inverse', () => {
  assert.equal(parseDay('2026-11-20'), Date.UTC(2026, 10, 20));
  assert.equal(parseDay('2024-02-29'), Date.UTC(2024, 1, 29));
  assert.equal(formatDay(Date.UTC(2026, 10, 20, 23, 59, 59, 999)), '2026-11-20');
  for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '20261120', '2026-11-20T00:00:00Z', '', '0000-00-00', 'x']) {
    assert.throws(() => parseDay(bad), (e: Error) => e instanceof AppError && e.code === 'VALIDATION_FAILED', bad);
  }
});

test('dayRange includes both ends, crosses months, and is bounded', () => {
  assert.deepEqual(dayRange('2026-02-27', '2026-03-02'), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  assert.deepEqual(dayRange('2026-11-20', '2026-11-20'), ['2026-11-20']);
  assert.equal(dayRange('2024-01-01', '2024-12-31').length, 366);
  assert.throws(() => dayRange('2024-01-01', '2025-01-01'), /at most 366 days/);
  assert.throws(() => dayRange('2026-11-20', '2026-11-19'), /before from/);
});
