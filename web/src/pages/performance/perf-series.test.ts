import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeBuckets, seriesOf } from './perf-series';

const MIN = 60_000;
const ts = { step_ms: MIN, buckets: [0, MIN, 2 * MIN, 3 * MIN], series: [{ key: 'rate', values: [4, 4, 4, 1] }] };

test('the bucket still under way is left out, complete ones stay', () => {
  const trimmed = completeBuckets(ts, 0, 3 * MIN + 20_000);
  assert.deepEqual(trimmed.buckets, [0, MIN, 2 * MIN]);
  assert.deepEqual(trimmed.series[0].values, [4, 4, 4]);
  assert.equal(completeBuckets(ts, 0, 4 * MIN), ts, 'every bucket complete: unchanged');
  assert.equal(completeBuckets(ts, 0, 30_000), ts, 'never trimmed to fewer than two buckets');
});

test('a first bucket that starts before the range (aligned to the step) is left out too', () => {
  const twoMin = { step_ms: 2 * MIN, buckets: [0, 2 * MIN, 4 * MIN, 6 * MIN], series: [{ key: 'rate', values: [5, 10, 10, 10] }] };
  const trimmed = completeBuckets(twoMin, MIN + 15_000, 8 * MIN);
  assert.deepEqual(trimmed.buckets, [2 * MIN, 4 * MIN, 6 * MIN]);
  assert.deepEqual(trimmed.series[0].values, [10, 10, 10]);
});

test('a metric the answer lacks is a line of gaps, not a crash', () => {
  assert.deepEqual(seriesOf(ts, 'rate'), [4, 4, 4, 1]);
  assert.deepEqual(seriesOf(ts, 'p99'), [null, null, null, null]);
});
