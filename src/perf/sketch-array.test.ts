/** PostgreSQL's array form of a sketch: written and read back to the same buckets; the zero bucket below every key. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counts } from './counts.js';
import { decodeSketchArrayInto, isSketchArrayText, sketchArrayLiteral, ZERO_SUBSCRIPT } from './sketch-array.js';
import { addTo, bucketKey, parseSketch, ZERO_KEY, type Sketch } from './sketch.js';

test('the zero bucket sits below the key of every duration >= 1 µs', () => {
  assert.ok(bucketKey(0.001) !== ZERO_KEY && (bucketKey(0.001) as number) > ZERO_SUBSCRIPT);
  assert.equal(bucketKey(0.001), ZERO_SUBSCRIPT + 1, 'no gap of NULLs between the zero bucket and the lowest key');
  assert.equal(bucketKey(0.0009), ZERO_KEY);
});

test('literal -> text -> sketch gives the same buckets: gaps, negative keys, the zero bucket, lower bound 1, empty', () => {
  const r = ((seed) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648))(7);
  const s: Sketch = {};
  for (let i = 0; i < 2000; i++) addTo(s, bucketKey(r() < 0.02 ? 0 : Math.exp(-7 + 25 * r())));
  const text = sketchArrayLiteral(s);
  assert.ok(isSketchArrayText(text) && text.includes('NULL'));
  assert.deepEqual(parseSketch(text), s);
  assert.deepEqual(new Counts().addEncoded(text).toSketch(), s);
  assert.equal(sketchArrayLiteral({ 70: 2, 72: 1 }), '[70:72]={2,NULL,1}');
  assert.equal(sketchArrayLiteral({ z: 3, '-172': 1 }), '[-173:-172]={3,1}');
  assert.equal(sketchArrayLiteral({}), '{}');
  // PostgreSQL leaves the bounds out when the lowest subscript is 1.
  assert.deepEqual(parseSketch('{5,NULL,6}'), { 1: 5, 3: 6 });
  assert.deepEqual(parseSketch('{}'), {});
  assert.deepEqual(parseSketch('[-3:-2]={9007199254740993,1}'), { '-3': 9007199254740992, '-2': 1 });
});

test('JSON sketches are still told apart, and bad array text is refused', () => {
  assert.equal(isSketchArrayText('{"5": 1}'), false);
  assert.deepEqual(parseSketch('{"5": 1, "z": 2}'), { 5: 1, z: 2 });
  const sink = { addZero() {}, add() {} };
  assert.throws(() => decodeSketchArrayInto('[x:2]={1}', sink), /bad perf sketch/);
  assert.throws(() => decodeSketchArrayInto('[1:2]={1,', sink), /truncated perf sketch/);
  assert.throws(() => decodeSketchArrayInto('{a}', sink), /bad perf sketch/);
});
