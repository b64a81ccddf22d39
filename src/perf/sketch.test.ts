/** Quantiles from the merged sketch against an exact sort, on generated data; merge is a sum. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addTo, apdexCounts, bucketBounds, bucketKey, bucketValue, mergeInto, quantiles, RELATIVE_ACCURACY, type Sketch } from './sketch.js';

/** A seeded generator: the test is the same on every run. */
function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

function exact(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

test('p50/p90/p95/p99 within the relative accuracy of the exact value, on several distributions', () => {
  const r = rng(7);
  const shapes: Record<string, () => number> = {
    lognormal: () => Math.exp(3 + Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r())),
    uniform: () => 1 + r() * 999,
    bimodal: () => (r() < 0.9 ? 5 + r() * 10 : 800 + r() * 4000),
    tiny: () => 0.01 + r() * 0.5,
  };
  for (const [name, draw] of Object.entries(shapes)) {
    const values = Array.from({ length: 20_000 }, draw);
    const s: Sketch = {};
    for (const v of values) addTo(s, bucketKey(v));
    const sorted = [...values].sort((a, b) => a - b);
    const qs = [0.5, 0.9, 0.95, 0.99, 0, 1];
    quantiles(s, qs).forEach((got, i) => {
      const want = exact(sorted, qs[i]!);
      assert.ok(Math.abs(got! - want) <= want * RELATIVE_ACCURACY, `${name} q${qs[i]}: ${got} vs exact ${want}`);
    });
  }
});

test('merging per-minute sketches gives the sketch of all the values at once', () => {
  const r = rng(3);
  const values = Array.from({ length: 5000 }, () => r() * 2000);
  const whole: Sketch = {};
  for (const v of values) addTo(whole, bucketKey(v));
  const merged: Sketch = {};
  for (let i = 0; i < values.length; i += 37) {
    const part: Sketch = {};
    for (const v of values.slice(i, i + 37)) addTo(part, bucketKey(v));
    mergeInto(merged, part);
  }
  assert.deepEqual(merged, whole);
});

test('zero and sub-microsecond durations, empty sketches, bucket bounds, Apdex counts', () => {
  const s: Sketch = {};
  addTo(s, bucketKey(0));
  addTo(s, bucketKey(0.0001));
  addTo(s, bucketKey(100));
  assert.deepEqual(quantiles(s, [0, 1]), [0, bucketValue(bucketKey(100))]);
  assert.deepEqual(quantiles({}, [0.5]), [null]);
  const [lo, hi] = bucketBounds(bucketKey(100));
  assert.ok(lo <= 100 && 100 <= hi, `${lo} <= 100 <= ${hi}`);
  assert.deepEqual(apdexCounts({ [bucketKey(100)]: 3, [bucketKey(1000)]: 2, [bucketKey(5000)]: 1 }, 500), { satisfied: 3, tolerating: 2, total: 6 });
});
