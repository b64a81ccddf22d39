import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Delivery } from './batch-sender.js';
import type { ByteRange } from './checkpoints.js';
import { DeliveryWindow, type WindowBatch } from './delivery-window.js';

/** A window whose sends wait until the test answers them, in whatever order it likes. */
function harness(size: number) {
  const answers = new Map<number, (d: Delivery) => void>();
  const saved: Array<{ offset: number; pending: ByteRange[] }> = [];
  const events = { delivered: () => {}, fatal: () => {}, report: () => {} };
  const window = new DeliveryWindow(
    size,
    0,
    (batch) => new Promise<Delivery>((resolve) => answers.set(batch.start, resolve)),
    (offset, pending) => saved.push({ offset, pending }),
    events,
    'app.log',
  );
  const batch = (start: number, end: number): WindowBatch => ({ logs: [{ level: 'INFO', message: 'x', timestamp: '2026-01-01T00:00:00Z' }], start, end, key: `k${start}` });
  const ok = (start: number) => answers.get(start)!({ kind: 'ok', stored: 1, replayed: false });
  return { window, saved, batch, ok, answers };
}

const tick = () => new Promise((r) => setImmediate(r));

test('out-of-order acknowledgements move the checkpoint only past a fully acknowledged prefix', async () => {
  const { window, saved, batch, ok } = harness(4);
  window.push(batch(0, 10));
  window.push(batch(10, 20));
  window.push(batch(20, 30));
  assert.deepEqual(saved.at(-1), { offset: 0, pending: [{ start: 0, end: 10 }, { start: 10, end: 20 }, { start: 20, end: 30 }] }, 'ranges saved before they are sent');
  ok(20);
  ok(10);
  await tick();
  assert.equal(window.acked, 0, 'the first range is not acknowledged yet');
  assert.equal(saved.length, 3, 'nothing to save while the prefix did not move');
  ok(0);
  await window.drain();
  assert.equal(window.acked, 30);
  assert.deepEqual(saved.at(-1), { offset: 30, pending: [] });
});

test('at most `size` batches are sent at once; waitForRoom holds the reader until one is answered', async () => {
  const { window, batch, ok, answers } = harness(2);
  window.push(batch(0, 10));
  window.push(batch(10, 20));
  window.push(batch(20, 30)); // queued
  await tick();
  assert.deepEqual([...answers.keys()], [0, 10]);
  let room = false;
  void window.waitForRoom().then(() => (room = true));
  await tick();
  assert.equal(room, false);
  ok(10);
  await tick();
  await tick();
  assert.deepEqual([...answers.keys()], [0, 10, 20], 'the queued batch starts when one is answered');
  assert.equal(window.acked, 0);
  ok(0);
  ok(20);
  await window.drain();
  assert.equal(room, true);
  assert.equal(window.acked, 30);
});

test('a stopped delivery keeps the checkpoint before it, even when later ranges were acknowledged', async () => {
  const { window, saved, batch, ok, answers } = harness(3);
  window.push(batch(0, 10));
  window.push(batch(10, 20));
  window.push(batch(20, 30));
  ok(0);
  ok(20);
  answers.get(10)!({ kind: 'stopped' });
  await window.drain();
  assert.equal(window.acked, 10);
  assert.equal(window.abandoned, true);
  assert.deepEqual(saved.at(-1), { offset: 10, pending: [{ start: 10, end: 20 }, { start: 20, end: 30 }] }, 'a restart re-sends 10-20 and replays 20-30');
  window.push(batch(30, 40));
  assert.equal(answers.has(30), false, 'nothing more is sent once abandoned');
});
