import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePerfFilters, performanceUrl, perfRange, routeDetailUrl } from './perf-filters';

const parse = (query: string) => parsePerfFilters(new URLSearchParams(query));

test('defaults stay out of the URL and come back from an empty one', () => {
  const filters = parse('');
  assert.deepEqual(
    { project: filters.project, range: filters.range, sort: filters.sort, order: filters.order },
    { project: '', range: '24h', sort: 'p95', order: 'desc' },
  );
  assert.equal(performanceUrl(filters), '/performance');
});

test('a URL survives a round trip', () => {
  const url = performanceUrl({ project: 'shop', service: 'api', range: '1h', sort: 'error_rate', order: 'asc' });
  assert.equal(url, '/performance?project=shop&service=api&range=1h&sort=error_rate&order=asc');
  const back = parse(url.split('?')[1]);
  assert.equal(performanceUrl(back), url);
});

test('an unknown sort falls back to p95 instead of breaking the page', () => {
  assert.equal(parse('sort=drop%20table').sort, 'p95');
});

test('route names with URL syntax are encoded and read back as written', () => {
  const route = '/orders/:id?x=<script>&y=1';
  const url = routeDetailUrl({ project: 'shop', service: 'api', route, range: '15m' });
  assert.equal(parse(url.split('?')[1]).route, route);
  assert.ok(!url.includes('<script>'));
});

test('a preset resolves to both bounds, a custom range keeps its own', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  assert.deepEqual(perfRange(parse('range=15m'), now), { from: '2026-12-02T11:45:00.000Z', to: '2026-12-02T12:00:00.000Z' });
  const custom = parse('from=2026-12-01T00:00:00.000Z&to=2026-12-01T06:00:00.000Z');
  assert.equal(custom.range, 'custom');
  assert.deepEqual(perfRange(custom, now), { from: '2026-12-01T00:00:00.000Z', to: '2026-12-01T06:00:00.000Z' });
});
