/**
 * The two rules that bound what an ingest commit waits for while retention runs (docs/retention.md): a step's
 * size follows its time, and retention's steps pause while the checkpointer catches up, the writer then
 * checkpointing once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StepSize } from './step-size.js';
import { WAL_CELLS, WalRequests } from './wal-requests.js';

test('a step size halves after a slow step, grows by a quarter after a fast one, within its bounds', () => {
  const size = new StepSize(50, 2_000, 200, 10);
  size.took(16); // over 1.5 × 10 ms
  assert.equal(size.value, 100);
  size.took(12); // within the budget: kept
  assert.equal(size.value, 100);
  size.took(2);
  assert.equal(size.value, 125);
  for (let i = 0; i < 10; i++) size.took(100);
  assert.equal(size.value, 50, 'never under the minimum');
  for (let i = 0; i < 100; i++) size.took(1);
  assert.equal(size.value, 2_000, 'never over the maximum');
  size.took(40, 300); // halves the size the step actually had (a caller may have capped it)
  assert.equal(size.value, 150);
});

test('asked for the WAL: retention waits for a checkpointer pass begun after it paused, then checkpoints once', () => {
  const cells = new Int32Array(new SharedArrayBuffer(4 * WAL_CELLS));
  const checkpoints: string[] = [];
  let busy = false;
  const wal = new WalRequests(cells, (label) => {
    checkpoints.push(label);
    return !busy;
  });
  assert.equal(wal.beforeStep(), 'go', 'not asked');
  Atomics.store(cells, 0, 1); // the checkpointer: the WAL is long
  assert.equal(wal.beforeStep(), 'wait');
  Atomics.add(cells, 1, 1); // the pass under way when retention paused ends
  assert.equal(wal.beforeStep(), 'wait');
  Atomics.add(cells, 1, 1); // a pass begun after the pause ends
  busy = true;
  assert.equal(wal.beforeStep(), 'wait', 'the checkpointer was busy again: try later');
  busy = false;
  assert.equal(wal.beforeStep(), 'checkpointed');
  assert.equal(Atomics.load(cells, 0), 0, 'the request is lowered');
  assert.equal(wal.beforeStep(), 'go');
  assert.equal(checkpoints.length, 2);
});

test('the incremental vacuum asks for the WAL to start over every 16 MiB handed back, so each truncation is small', () => {
  const cells = new Int32Array(new SharedArrayBuffer(4 * WAL_CELLS));
  const wal = new WalRequests(cells, () => true);
  for (let i = 0; i < 31; i++) wal.vacuumed(128);
  assert.equal(wal.asked, false, '3,968 pages: not yet');
  wal.vacuumed(128);
  assert.equal(wal.asked, true, '4,096 pages: the WAL is asked to start over');
  assert.equal(wal.beforeStep(), 'wait', 'the vacuum pauses for the checkpointer like any retention step');
  Atomics.add(cells, 1, 2);
  assert.equal(wal.beforeStep(), 'checkpointed');
  wal.vacuumed(128);
  assert.equal(wal.asked, false, 'counted again from the checkpoint');
});
