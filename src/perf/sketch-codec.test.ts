import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSketch, encodeSketch } from './sketch-codec.js';
import { addTo, bucketKey, parseSketch, ZERO_KEY, type Sketch } from './sketch.js';

test('binary sketch round-trips exactly: negative keys (< 1 ms), the zero bucket, large counts', () => {
  const s: Sketch = {};
  for (const ms of [0, 0.0001, 0.05, 0.7, 1, 12.5, 250, 3_000, 86_400_000]) addTo(s, bucketKey(ms), 3);
  addTo(s, bucketKey(40), 2 ** 40 + 7); // an old, busy hour: counts beyond 32 bits
  const back = decodeSketch(encodeSketch(s));
  assert.deepEqual(back, s);
  assert.equal(back[ZERO_KEY], 6);
  assert.deepEqual(parseSketch(encodeSketch(s)), s); // reads go through parseSketch
  assert.deepEqual(decodeSketch(encodeSketch({})), {});
});

test('binary sketch of a busy hour is far smaller than its JSON', () => {
  const s: Sketch = {};
  for (let i = 0; i < 100_000; i++) addTo(s, bucketKey(Math.exp(3 + 1.5 * Math.sin(i))), 1);
  const bytes = encodeSketch(s).length;
  assert.ok(bytes < JSON.stringify(s).length / 2, `${bytes} bytes`);
  assert.deepEqual(decodeSketch(encodeSketch(s)), s);
});

test('a truncated or unknown blob is refused, not misread', () => {
  const b = encodeSketch({ 5: 1000, 9: 3 });
  assert.throws(() => decodeSketch(b.subarray(0, b.length - 1)), /truncated/);
  assert.throws(() => decodeSketch(Uint8Array.of(9, 0, 0)), /format/);
});
