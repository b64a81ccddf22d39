import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { denseVolume, formatCountTick } from './volume-series';

describe('denseVolume', () => {
  it('fills the empty buckets of the range with zeros', () => {
    const v = denseVolume({
      interval_ms: 60_000,
      from: '2026-01-01T00:00:30Z',
      to: '2026-01-01T00:04:00Z',
      buckets: [
        { ts: '2026-01-01T00:01:00.000Z', total: 5, counts: { INFO: 3, ERROR: 2 } },
        { ts: Date.parse('2026-01-01T00:03:00Z'), total: 1, counts: { FATAL: 1 } },
      ],
    });
    assert.deepEqual(v.totals, [0, 5, 0, 1]);
    assert.deepEqual(v.errors, [0, 2, 0, 1]);
    assert.equal(v.buckets[0], Date.parse('2026-01-01T00:00:00Z'));
  });
  it('gives nothing for a malformed answer instead of looping', () => {
    assert.deepEqual(denseVolume({ interval_ms: 0, from: 'x', to: 'y', buckets: [] }).buckets, []);
  });
  it('labels whole counts only', () => {
    assert.equal(formatCountTick(0.5), '');
    assert.equal(formatCountTick(1200), '1,200');
  });
});
