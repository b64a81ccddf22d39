/** The field mapping of each request/operation convention (docs/performance.md), and route templates. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, perfFacts } from './conventions.js';
import { routeTemplate } from './routes.js';

test('ours: context.http = {method, route, status, duration_ms}', () => {
  assert.deepEqual(perfFacts({ http: { method: 'get', route: '/orders/:id', status: 200, duration_ms: 12.5 } }), {
    kind: 'http', route: '/orders/:id', method: 'GET', status: 200, durationMs: 12.5,
  });
});

test('ours: context.operation + context.duration_ms for jobs and queries', () => {
  assert.deepEqual(perfFacts({ operation: 'db.orders.find', duration_ms: 3 }), {
    kind: 'operation', route: 'db.orders.find', method: null, status: null, durationMs: 3,
  });
});

test('OpenTelemetry: flat dotted keys, duration in seconds', () => {
  assert.deepEqual(perfFacts({ 'http.request.method': 'POST', 'http.route': '/carts/{id}', 'http.response.status_code': 503, 'http.server.request.duration': 0.25 }), {
    kind: 'http', route: '/carts/{id}', method: 'POST', status: 503, durationMs: 250,
  });
});

test('OpenTelemetry: nested objects, and mixes of nested and dotted', () => {
  const nested = { http: { request: { method: 'GET' }, route: '/a', response: { status_code: '404' }, server: { request: { duration: 1.5 } } } };
  assert.deepEqual(perfFacts(nested), { kind: 'http', route: '/a', method: 'GET', status: 404, durationMs: 1500 });
  const mixed = { http: { 'request.method': 'GET', 'response.status_code': 200 }, 'url.path': '/users/42', duration_ms: 7 };
  assert.deepEqual(perfFacts(mixed), { kind: 'http', route: '/users/:id', method: 'GET', status: 200, durationMs: 7 });
});

test('pino-http: req.method, req.url, res.statusCode, responseTime (ms)', () => {
  assert.deepEqual(perfFacts({ req: { id: 1, method: 'DELETE', url: '/items/550e8400-e29b-41d4-a716-446655440000?force=1' }, res: { statusCode: 204 }, responseTime: 8 }), {
    kind: 'http', route: '/items/:id', method: 'DELETE', status: 204, durationMs: 8,
  });
});

test('durations with units: duration_s, duration_ns, strings, bare numbers in ms', () => {
  assert.equal(perfFacts({ operation: 'x', duration_s: 1.2 })?.durationMs, 1200);
  assert.equal(perfFacts({ operation: 'x', duration_ns: 2_500_000 })?.durationMs, 2.5);
  assert.equal(perfFacts({ operation: 'x', duration: '12ms' })?.durationMs, 12);
  assert.equal(perfFacts({ operation: 'x', duration: '1.5s' })?.durationMs, 1500);
  assert.equal(perfFacts({ operation: 'x', duration: '350us' })?.durationMs, 0.35);
  assert.equal(perfFacts({ operation: 'x', duration: 40 })?.durationMs, 40);
  assert.equal(perfFacts({ http: { route: '/r', duration: '2s' } })?.durationMs, 2000);
  assert.equal(parseDuration('2 min'), 120_000);
  assert.equal(parseDuration('fast'), null);
});

test('not a request: no duration, a bad duration, no name', () => {
  assert.equal(perfFacts({ http: { method: 'GET', route: '/a' } }), null, 'no duration');
  assert.equal(perfFacts({ duration_ms: 5 }), null, 'a duration without a route, method or operation');
  assert.equal(perfFacts({ operation: 'x', duration_ms: -1 }), null, 'negative');
  assert.equal(perfFacts({ operation: 'x', duration_ms: 'soon' }), null, 'not a number');
  assert.equal(perfFacts({ operation: 'x', duration_ms: 1e12 }), null, 'more than a day: a unit mistake');
  assert.equal(perfFacts({ http: { method: 'GET', route: '/a', status: 'ok', duration_ms: 1 } })?.status, null, 'a status that is not one');
  assert.equal(perfFacts({ http: { method: 'G E T', route: '/a', duration_ms: 1 } })?.method, null, 'a method that is not one');
});

test('a route template is kept; only a raw path has its ids replaced', () => {
  assert.equal(perfFacts({ http: { route: '/orders/:id/123', duration_ms: 1 } })?.route, '/orders/:id/123');
  assert.equal(perfFacts({ http: { path: '/orders/123', duration_ms: 1 } })?.route, '/orders/:id');
  assert.equal(perfFacts({ http: { route: 'x'.repeat(500), duration_ms: 1 } })?.route.length, 200);
});

test('routeTemplate: numbers, uuids, hex and opaque tokens become :id; words stay', () => {
  assert.equal(routeTemplate('/orders/123/items/7'), '/orders/:id/items/:id');
  assert.equal(routeTemplate('https://shop.example.com/u/550E8400-E29B-41D4-A716-446655440000?x=1#top'), '/u/:id');
  assert.equal(routeTemplate('/objects/507f1f77bcf86cd799439011'), '/objects/:id');
  assert.equal(routeTemplate('/files/deadbeef/readme'), '/files/deadbeef/readme', 'hex words without a digit stay');
  assert.equal(routeTemplate('/t/01ARZ3NDEKTSV4RRFFQ69G5FAV'), '/t/:id');
  assert.equal(routeTemplate('/api/v2/users'), '/api/v2/users');
  assert.equal(routeTemplate(''), '/');
  assert.equal(routeTemplate('/'), '/');
});
