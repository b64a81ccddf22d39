/** The alert state machine: for_s, one firing per incident, reminders, resolve. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { step } from './state-machine.js';

const S = 1000;

test('ok -> pending for for_s -> firing once -> reminders -> resolved', () => {
  const rule = { forS: 120, reminderS: 300 };
  let r = step(undefined, true, 5, rule, 0);
  assert.deepEqual([r.next.state, r.event], ['pending', null]);
  r = step(r.next, true, 6, rule, 60 * S);
  assert.deepEqual([r.next.state, r.event, r.next.pendingSince], ['pending', null, 0]);
  r = step(r.next, true, 7, rule, 120 * S);
  assert.deepEqual([r.next.state, r.event, r.next.since], ['firing', 'firing', 120 * S]);
  r = step(r.next, true, 8, rule, 180 * S);
  assert.deepEqual([r.next.state, r.event], ['firing', null], 'same incident: no second firing');
  r = step(r.next, true, 8, rule, 420 * S);
  assert.deepEqual([r.next.state, r.event, r.next.lastNotifiedAt], ['firing', 'reminder', 420 * S]);
  r = step(r.next, true, 8, rule, 600 * S);
  assert.equal(r.event, null, 'the next reminder counts from the last one');
  r = step(r.next, false, 0, rule, 660 * S);
  assert.deepEqual([r.next.state, r.event, r.next.lastValue], ['ok', 'resolved', 0]);
  r = step(r.next, false, 0, rule, 720 * S);
  assert.equal(r.event, null);
});

test('a condition that stops while pending goes back to ok silently; for_s 0 fires at once; reminder 0 never', () => {
  let r = step(undefined, true, 1, { forS: 60, reminderS: 0 }, 0);
  r = step(r.next, false, 0, { forS: 60, reminderS: 0 }, 30 * S);
  assert.deepEqual([r.next.state, r.event], ['ok', null]);
  r = step(r.next, true, 1, { forS: 0, reminderS: 0 }, 40 * S);
  assert.deepEqual([r.next.state, r.event], ['firing', 'firing']);
  r = step(r.next, true, 1, { forS: 0, reminderS: 0 }, 10_000 * S);
  assert.equal(r.event, null);
});
