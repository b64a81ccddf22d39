import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InflateGate } from './inflate-gate.js';

const settled = async (p: Promise<boolean>) => Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

test('slots are given at once, then in arrival order; past the queue a body is refused', async () => {
  const gate = new InflateGate(2, 2);
  const a = gate.enter()!;
  const b = gate.enter()!;
  assert.equal(await a.ready, true);
  assert.equal(await b.ready, true);
  const c = gate.enter()!;
  const d = gate.enter()!;
  assert.equal(gate.enter(), null, 'two inflating and two waiting: the fifth is refused');
  assert.deepEqual(gate.stats, { inflating: 2, waiting: 2 });
  assert.equal(await settled(c.ready), 'pending');
  b.release();
  assert.equal(await c.ready, true, 'the first waiting takes the freed slot');
  assert.equal(await settled(d.ready), 'pending');
  assert.deepEqual(gate.stats, { inflating: 2, waiting: 1 });
  a.release();
  a.release(); // a second release of the same ticket frees nothing more
  assert.equal(await d.ready, true);
  assert.deepEqual(gate.stats, { inflating: 2, waiting: 0 });
  c.release();
  d.release();
  assert.deepEqual(gate.stats, { inflating: 0, waiting: 0 });
});

test('a body that leaves the queue before its turn frees its place and is told so', async () => {
  const gate = new InflateGate(1, 3);
  const a = gate.enter()!;
  const b = gate.enter()!;
  const c = gate.enter()!;
  b.release();
  assert.equal(await b.ready, false, 'it left: it must not inflate');
  assert.deepEqual(gate.stats, { inflating: 1, waiting: 1 });
  a.release();
  assert.equal(await c.ready, true, 'the slot skips the one that left');
  b.release(); // after leaving, nothing
  assert.deepEqual(gate.stats, { inflating: 1, waiting: 0 });
  c.release();
  assert.deepEqual(gate.stats, { inflating: 0, waiting: 0 });
});
