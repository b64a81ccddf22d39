import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explorerUrl, parseExplorerState } from './useExplorerFilters';
import { stateToViewQuery, viewToState } from './view-state';

const parse = (url: string) => parseExplorerState(new URL(url, 'http://x').searchParams);

test('a preset range is saved relative, and comes back as the same preset', () => {
  const state = parse('/explore?project=shop,blog&level=ERROR&q=timeout&range=1h&cols=ctx.http.route&tz=utc');
  const query = stateToViewQuery(state);
  assert.deepEqual(query, {
    q: 'timeout', project: ['shop', 'blog'], service: [], level: ['ERROR'], from: 'now-1h', to: null, columns: ['ctx.http.route'],
  });
  assert.equal(explorerUrl(viewToState(4, query)), '/explore?project=shop%2Cblog&level=ERROR&q=timeout&range=1h&cols=ctx.http.route&view=4');
});

test('a custom range is kept as written; old ctx filters become clauses', () => {
  const state = parse('/explore?from=2026-11-25T10:00:00.000Z&to=2026-11-25T11:00:00.000Z&ctx.user_id=42&q=a OR b');
  const query = stateToViewQuery(state);
  assert.equal(query.q, '(a OR b) ctx.user_id:"42"');
  assert.equal(query.from, '2026-11-25T10:00:00.000Z');
  const back = viewToState(1, query);
  assert.equal(back.range, 'custom');
  assert.equal(back.to, '2026-11-25T11:00:00.000Z');
  assert.equal(viewToState(1, { ...query, from: 'now-3h', to: null }).from, 'now-3h');
  assert.equal(viewToState(1, { ...query, from: null, to: null }).range, '24h');
});
