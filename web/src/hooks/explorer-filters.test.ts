import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explorerUrl, parseExplorerState, parseTimeInput, resolveRange, toLogFilter } from './useExplorerFilters';

const parse = (url: string) => parseExplorerState(new URL(url, 'http://x').searchParams);

test('every filter survives a round trip through the URL', () => {
  const url =
    '/explore?project=shop%2Cblog&service=api%2Cworker&level=ERROR%2CWARN&q=time+out&range=1h&ctx.user.id=42&ctx.route=%2Forders&live=1' +
    '&cols=ctx.http.route%2Cctx.http.status&tz=utc&view=7';
  const state = parse(url);
  // ctx has a null prototype (see parseExplorerState); compare its entries.
  assert.deepEqual({ ...state, ctx: { ...state.ctx } }, {
    projects: ['shop', 'blog'],
    services: ['api', 'worker'],
    levels: ['ERROR', 'WARN'],
    q: 'time out',
    range: '1h',
    from: undefined,
    to: undefined,
    ctx: { 'user.id': '42', route: '/orders' },
    live: true,
    cols: ['ctx.http.route', 'ctx.http.status'],
    tz: 'utc',
    view: '7',
  });
  assert.equal(explorerUrl(parse(explorerUrl(state))), explorerUrl(state));
  assert.deepEqual({ ...parse(explorerUrl(state)), ctx: null }, { ...state, ctx: null });
});

test('a custom range keeps from and to; unknown levels and presets are ignored', () => {
  const state = parse('/explore?from=2026-11-25T10:00:00.000Z&to=2026-11-25T11:00:00.000Z&level=LOUD,INFO&range=3w');
  assert.equal(state.range, 'custom');
  assert.deepEqual(state.levels, ['INFO']);
  assert.deepEqual(resolveRange(state, 0), { from: Date.parse(state.from!), to: Date.parse(state.to!) });
  assert.match(explorerUrl(state), /from=2026-11-25T10%3A00%3A00.000Z&to=2026-11-25T11/);
});

test('no range means the last 24 hours, left open at the end so new logs keep showing', () => {
  const now = Date.UTC(2026, 10, 25, 12);
  const filter = toLogFilter(parse('/explore?project=shop&level=ERROR'), now);
  assert.equal(filter.from, new Date(now - 86_400_000).toISOString());
  assert.equal(filter.to, undefined);
  assert.deepEqual(filter.levels, ['ERROR']);
  assert.deepEqual(toLogFilter(parse('/explore?level=ERROR'), now, false).levels, []);
});

test('projects may be repeated or comma separated; a single-project link still works', () => {
  assert.deepEqual(parse('/explore?project=a&project=b,c').projects, ['a', 'b', 'c']);
  assert.equal(explorerUrl({ project: 'shop', range: '1h' }), '/explore?project=shop&range=1h');
  assert.equal(parse('/explore?tz=mars').tz, undefined);
});

test('relative times are read as the API reads them; unreadable ones are undefined, never a crash', () => {
  const now = Date.UTC(2026, 10, 25, 12);
  assert.equal(parseTimeInput('now-15m', now), now - 15 * 60_000);
  assert.equal(parseTimeInput('now', now), now);
  assert.equal(parseTimeInput('yesterday', now), undefined);
  assert.equal(parseTimeInput('99999999999999999999', now), undefined);
  assert.deepEqual(resolveRange(parse('/explore?from=now-15m'), now), { from: now - 15 * 60_000, to: now });
});
