/** The sentence of one anomaly in an alert summary: kind, size, time and the numbers behind it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Anomaly } from '../insights/anomalies/index.js';
import { describeAnomaly } from './measure-anomaly.js';

const at = Date.UTC(2026, 11, 2, 14, 5);
const anomaly = (over: Partial<Anomaly>): Anomaly => ({
  id: 'x', service: 'checkout', patternId: null, metric: 'volume', kind: 'spike', from: at, to: at + 300_000,
  observed: 504, expected: 120, score: 9.1, baseline: 'seasonal', ...over,
});

test('volume anomalies say the ratio and the counts per bucket', () => {
  assert.equal(describeAnomaly(anomaly({}), 300_000), 'volume spike ×4.2 at 14:05 UTC (expected 120/5 m, got 504)');
  assert.equal(describeAnomaly(anomaly({ kind: 'drop', observed: 3, expected: 120 }), 300_000), 'volume drop ×0.025 at 14:05 UTC (expected 120/5 m, got 3)');
  assert.equal(describeAnomaly(anomaly({ kind: 'level_shift', observed: 240.4 }), 600_000), 'volume level shift ×2 at 14:05 UTC (expected 120/10 m, got 240)');
  assert.equal(describeAnomaly(anomaly({ kind: 'drop', observed: 0, expected: 120 }), 300_000), 'volume drop ×0 at 14:05 UTC (expected 120/5 m, got 0)');
  assert.equal(describeAnomaly(anomaly({ expected: 0, observed: 40 }), 300_000), 'volume spike at 14:05 UTC (expected 0/5 m, got 40)', 'no ratio over nothing');
});

test('error-rate anomalies say the rates in percent', () => {
  assert.equal(describeAnomaly(anomaly({ metric: 'error_rate', observed: 0.123, expected: 0.005 }), 300_000), 'error rate spike at 14:05 UTC (expected 0.5 %, got 12.3 %)');
});
