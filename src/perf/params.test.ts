/** The default chart step: at most 60 buckets; whole hours from a day up (those are summed from the hour rows). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY_MS, HOUR_MS, MINUTE_MS, stepOf } from './params.js';

test('default step: smallest giving <= 60 buckets, whole hours for a day or more; a given step is kept', () => {
  const range = (ms: number) => ({ from: 1_000 * HOUR_MS, to: 1_000 * HOUR_MS + ms });
  assert.equal(stepOf(range(HOUR_MS), undefined), MINUTE_MS);
  assert.equal(stepOf(range(6 * HOUR_MS), undefined), 10 * MINUTE_MS);
  assert.equal(stepOf(range(DAY_MS - MINUTE_MS), undefined), 30 * MINUTE_MS);
  assert.equal(stepOf(range(DAY_MS), undefined), HOUR_MS);
  assert.equal(stepOf(range(7 * DAY_MS), undefined), 3 * HOUR_MS);
  assert.equal(stepOf(range(DAY_MS), 600), 10 * MINUTE_MS);
});
