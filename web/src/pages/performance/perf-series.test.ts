import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeBuckets, seriesOf } from './perf-series';

const MIN = 60_000;
const ts = { step_ms: MIN, buckets: [0, MIN, 2 * MIN, 3 * MIN], series: [{ key: 'rate', values: [4, 4, 4, 1] }] };

test('the bucket still under way is left out, complete ones stay', () => {
  const trimmed = completeBuckets(ts, 3 * MIN + 20_000);
  assert.deepEqual(trimmed.buckets, [0, MIN, 2 * MIN]);
  assert.deepEqual(trimmed.series[0].values, [4, 4, 4]);
  assert.equal(completeBuckets(ts, 4 * MIN), ts, 'every bucket complete: unchanged');
  assert.equal(completeBuckets(ts, 30_000), ts, 'never trimmed to fewer than two buckets');
});

test('a metric the answer lacks is a line of gaps, not a crash', () => {
  assert.deepEqual(seriesOf(ts, 'rate'), [4, 4, 4, 1]);
  assert.deepEqual(seriesOf(ts, 'p99'), [null, null, null, null]);
});
