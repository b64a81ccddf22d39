/** checkCondition for the anomaly kind: defaults filled in, bad windows / metrics / services refused with a sentence. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.js';
import type { AlertCondition } from '../store/alerts-types.js';
import { checkCondition } from './rule-input.js';

const refused = (c: object, pattern: RegExp) =>
  assert.throws(() => checkCondition(c as AlertCondition), (e: unknown) => e instanceof AppError && e.code === 'INVALID_ALERT_RULE' && pattern.test(e.detail));

test('anomaly: the window defaults to an hour; service and metric are kept', () => {
  assert.deepEqual(checkCondition({ kind: 'anomaly' }), { kind: 'anomaly', window_s: 3600 });
  assert.deepEqual(checkCondition({ kind: 'anomaly', service: 'checkout', metric: 'error_rate', window_s: 300 }), { kind: 'anomaly', service: 'checkout', metric: 'error_rate', window_s: 300 });
  assert.deepEqual(checkCondition({ kind: 'anomaly', metric: 'volume', window_s: 86_400 }), { kind: 'anomaly', metric: 'volume', window_s: 86_400 });
});

test('anomaly: windows under 5 minutes, over a day or not whole minutes are refused', () => {
  refused({ kind: 'anomaly', window_s: 240 }, /window_s must be whole minutes between 300 and 86400 seconds .*got 240/);
  refused({ kind: 'anomaly', window_s: 90_000 }, /between 300 and 86400/);
  refused({ kind: 'anomaly', window_s: 330 }, /whole minutes/);
  refused({ kind: 'anomaly', window_s: 600.5 }, /whole minutes/);
});

test('anomaly: an unknown metric or a blank service is refused', () => {
  refused({ kind: 'anomaly', metric: 'latency' }, /metric must be "volume" or "error_rate"/);
  refused({ kind: 'anomaly', service: '   ' }, /service must not be blank/);
});
