/** The dense sums of a read give what merging sketch objects gives: same buckets, quantiles and Apdex counts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counts } from './counts.js';
import { encodeSketch } from './sketch-codec.js';
import { addTo, apdexCounts, bucketKey, mergeInto, quantiles, type Sketch } from './sketch.js';

function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

test('summing objects and binary sketches into Counts = merging the objects', () => {
  const r = rng(5);
  const parts: Sketch[] = [];
  for (let p = 0; p < 40; p++) {
    const s: Sketch = {};
    // Wide spread so the array grows both ways: sub-ms (negative keys), zero, and minutes-long requests.
    for (let i = 0; i < 300; i++) addTo(s, bucketKey(r() < 0.05 ? 0 : Math.exp(-8 + 20 * r() * (p / 40))));
    parts.push(s);
  }
  const merged: Sketch = {};
  for (const s of parts) mergeInto(merged, s);
  const counts = new Counts();
  // Objects, binary, JSON text and jsonb's text form (`{"z": 3, "-12": 1}`: a space after each colon and comma).
  const jsonb = (s: Sketch) => `{${Object.entries(s).map(([k, n]) => `"${k}": ${n}`).join(', ')}}`;
  parts.forEach((s, i) => [() => counts.addSketch(s), () => counts.addEncoded(encodeSketch(s)), () => counts.addEncoded(JSON.stringify(s)), () => counts.addEncoded(jsonb(s))][i % 4]!());
  assert.deepEqual(counts.toSketch(), merged);
  const qs = [0, 0.01, 0.5, 0.9, 0.95, 0.99, 1];
  assert.deepEqual(counts.quantiles(qs), quantiles(merged, qs));
  for (const t of [0.5, 100, 5000]) assert.deepEqual(counts.apdexCounts(t), apdexCounts(merged, t));
  assert.equal(counts.total(), 40 * 300);
  assert.deepEqual(new Counts().addCounts(counts).toSketch(), merged);
});

test('empty and zero-only sums', () => {
  assert.deepEqual(new Counts().quantiles([0.5]), [null]);
  const z = new Counts().addSketch({ z: 4 });
  assert.deepEqual(z.quantiles([0, 0.5, 1]), [0, 0, 0]);
  assert.deepEqual(z.apdexCounts(500), { satisfied: 4, tolerating: 0, total: 4 });
});

test('JSON text sketches: counts written as decimals read as numbers; a bad key is refused', () => {
  assert.deepEqual(new Counts().addEncoded('{"5": 2.0, "z": 1, "-3": 1e1}').toSketch(), { 5: 2, z: 1, '-3': 10 });
  assert.deepEqual(new Counts().addEncoded('{}').toSketch(), {});
  assert.throws(() => new Counts().addEncoded('{"x1": 2}'), /bad perf sketch/);
});
