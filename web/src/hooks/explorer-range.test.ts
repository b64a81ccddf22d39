import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExplorerState, resolveRange, toLogFilter } from './useExplorerFilters';

const parse = (url: string) => parseExplorerState(new URL(url, 'http://x').searchParams);
const now = Date.UTC(2026, 10, 25, 12);

test('a from the browser cannot read is sent as written, for the API to accept or refuse, and never throws', () => {
  const state = parse('/explore?from=yesterday');
  assert.equal(state.range, 'custom');
  const filter = toLogFilter(state, now);
  assert.equal(filter.from, 'yesterday');
  assert.equal(filter.to, new Date(now).toISOString());
  assert.deepEqual(resolveRange(state, now), { from: now - 86_400_000, to: now });
});

test('a bad to, or both, never throw either; relative times pass through to the API', () => {
  assert.equal(toLogFilter(parse('/explore?from=2026-11-25T10:00:00Z&to=soon'), now).to, 'soon');
  const both = toLogFilter(parse('/explore?from=now-15m&to=%E2%9C%93'), now);
  assert.deepEqual([both.from, both.to], ['now-15m', '✓']);
  assert.equal(toLogFilter(parse('/explore?from=2026-11-25T10:00:00Z'), now).from, '2026-11-25T10:00:00.000Z');
});
