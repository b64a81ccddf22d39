import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { insightsRange, insightsUrl, parseInsightsFilters } from './insights-filters';
import { checkQuery } from './query-check';

describe('insights filters', () => {
  it('defaults to one hour and round-trips through the URL', () => {
    const f = parseInsightsFilters(new URLSearchParams('project=shop&q=level%3Aerror'));
    assert.deepEqual({ ...f }, { project: 'shop', range: '1h', from: undefined, to: undefined, q: 'level:error' });
    assert.equal(insightsUrl(f), '/insights?project=shop&q=level%3Aerror');
    assert.equal(insightsUrl({ ...f, range: '24h' }), '/insights?project=shop&range=24h&q=level%3Aerror');
  });
  it('keeps a custom range and resolves it to ISO ends', () => {
    const f = parseInsightsFilters(new URLSearchParams('project=a&from=2026-01-01T00:00:00Z&to=2026-01-01T02:00:00Z'));
    assert.equal(f.range, 'custom');
    assert.deepEqual(insightsRange(f, Date.now()), { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T02:00:00.000Z' });
  });
  it('resolves a preset against now', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    assert.deepEqual(insightsRange(parseInsightsFilters(new URLSearchParams('range=15m')), now), {
      from: '2026-05-01T11:45:00.000Z',
      to: '2026-05-01T12:00:00.000Z',
    });
  });
});

describe('checkQuery', () => {
  it('accepts a query the parser accepts', () => {
    assert.deepEqual(checkQuery('level:error service:api "timed out"'), { valid: true });
  });
  it('refuses an unbalanced query with where it broke', () => {
    const check = checkQuery('level:error AND (service:api');
    assert.equal(check.valid, false);
    assert.ok(!check.valid && check.message.length > 0);
  });
  it('refuses an empty query', () => {
    assert.equal(checkQuery('   ').valid, false);
  });
});
