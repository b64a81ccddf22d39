import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Anomaly } from '../../api/insights';
import { anomalyBands, anomalyTitle } from './anomaly-format';

const base: Anomaly = {
  id: '1', service: 'api', pattern_id: null, metric: 'volume', kind: 'spike', from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:05:00Z',
  observed: 840, expected: 120, score: 9.5, baseline: 'rolling',
};

describe('anomaly format', () => {
  it('titles a volume spike with its factor', () => {
    assert.equal(anomalyTitle(base), 'Spike in log volume of api: 840 vs 120 expected (×7.0)');
  });
  it('titles an error-rate shift in percent', () => {
    const a: Anomaly = { ...base, metric: 'error_rate', kind: 'level_shift', observed: 0.25, expected: 0 };
    assert.equal(anomalyTitle(a), 'Level shift in error rate of api: 25.0 % vs 0.00 % expected');
  });
  it('makes bands, strongest first, dropping bad times', () => {
    const bands = anomalyBands([{ ...base, score: 3 }, { ...base, score: -12, kind: 'drop' }, { ...base, from: 'x' }], 2);
    assert.deepEqual(bands.map((b) => b.color), ['--warn', '--bad']);
    assert.equal(bands[0].to - bands[0].from, 300_000);
  });
});
