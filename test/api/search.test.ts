/**
 * The search language through the API on each backend: every operator on list, count and histogram,
 * INVALID_QUERY with the position for broken input, relative times, and no 500 for any fuzzed `q`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { backends, batch, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const T0 = Date.now() - 30 * 60_000;

/** Each entry's message is its name, so expectations read as lists of names. */
const LOGS = [
  { message: 'a1 GET /orders/42 timed out', level: 'ERROR', service: 'api', context: { http: { status: 504, route: '/orders/:id' }, duration_ms: 30000 } },
  { message: 'a2 GET /orders/7 ok', level: 'INFO', service: 'api', context: { http: { status: 200, route: '/orders/:id' }, duration_ms: 12, user_id: 5 } },
  { message: 'a3 payment declined by stripe', level: 'WARN', service: 'billing', context: { http: { status: '402' }, user_id: null, error: { stack: 'Error: card declined\n  at charge (stripe.js:1)' } } },
  { message: 'a4 stripe webhook timeout', level: 'ERROR', service: 'billing', environment: 'production', context: { duration_ms: 2500.5, error: { stack: 'TimeoutError: socket timeout\n  at x' } } },
  { message: 'a5 user login', level: 'DEBUG', service: 'auth', environment: 'staging', host: 'h-1', version: '1.4.0', trace_id: 'abc123', context: { ok: true, user_id: 7 } },
  { message: 'a6 OR and NOT are words too', level: 'FATAL', service: 'api-gateway', host: 'h-2', version: '1.5.0', context: { ok: false, tags: ['x'] } },
];

for (const backend of backends()) {
  describe(`search language (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let p: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      p = await createProject(app, admin, 'Shop');
      const other = await createProject(app, admin, 'Other');
      for (const [i, l] of LOGS.entries()) {
        const { service, ...entry } = l;
        const res = await app.app.inject(batch(p.key, { service_name: service, logs: [{ ...entry, timestamp: T0 + i * 1000 }] }));
        assert.equal(res.statusCode, 201, res.body);
      }
      await app.app.inject(batch(other.key, { service_name: 'api', logs: [{ level: 'ERROR', message: 'o1 other project timed out', timestamp: T0 }] }));
      await new Promise((r) => setTimeout(r, 300)); // SQLite's FTS indexer runs in the background; both paths are exact anyway
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const req = (url: string) => app.app.inject({ url, headers: { cookie: admin.cookie } });
    const names = async (q: string, extra = '') => {
      const res = await req(`/api/logs?project=${p.slug}&q=${encodeURIComponent(q)}${extra}`);
      assert.equal(res.statusCode, 200, `${q}: ${res.body}`);
      const found = res.json().data.map((l: { message: string }) => l.message.split(' ')[0]).sort();
      const count = await req(`/api/logs/count?project=${p.slug}&q=${encodeURIComponent(q)}${extra}`);
      assert.equal(count.json().count, found.length, `count of ${q}`);
      return found;
    };

    test('free words, phrases, prefixes and boolean operators', async () => {
      assert.deepEqual(await names('timed'), ['a1']);
      assert.deepEqual(await names('TIME*'), ['a1', 'a4']);
      assert.deepEqual(await names('"timed out"'), ['a1']);
      assert.deepEqual(await names('"out timed"'), []);
      assert.deepEqual(await names('stripe OR login'), ['a3', 'a4', 'a5']);
      assert.deepEqual(await names('stripe AND timeout'), ['a4']);
      assert.deepEqual(await names('stripe -timeout'), ['a3']);
      assert.deepEqual(await names('stripe NOT timeout'), ['a3']);
      assert.deepEqual(await names('(stripe OR get) -(timeout OR ok)'), ['a1', 'a3']);
      assert.deepEqual(await names('"OR" "NOT"'), ['a6'], 'operators quoted are words');
      assert.deepEqual(await names('orders/42'), ['a1']);
      assert.deepEqual(await names(''), ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    });

    test('fields: level, service, project, env, host, version, trace_id, message, with wildcards and -field', async () => {
      assert.deepEqual(await names('level:error'), ['a1', 'a4']);
      assert.deepEqual(await names('level:>=warn'), ['a1', 'a3', 'a4', 'a6']);
      assert.deepEqual(await names('level:[debug TO info]'), ['a2', 'a5']);
      assert.deepEqual(await names('service:api'), ['a1', 'a2']);
      assert.deepEqual(await names('service:api*'), ['a1', 'a2', 'a6']);
      assert.deepEqual(await names('-service:api*'), ['a3', 'a4', 'a5']);
      assert.deepEqual(await names('project:shop'), ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
      assert.deepEqual(await names('project:other'), [], 'project: narrows, never widens, the projects asked for');
      assert.deepEqual(await names('env:production'), ['a4']);
      assert.deepEqual(await names('-env:production'), ['a1', 'a2', 'a3', 'a5', 'a6'], 'entries without env are kept');
      assert.deepEqual(await names('host:h-* version:1.4.*'), ['a5']);
      assert.deepEqual(await names('trace_id:abc123'), ['a5']);
      assert.deepEqual(await names('message:stripe'), ['a3', 'a4']);
      assert.deepEqual(await names('has:env -has:host'), ['a4']);
    });

    test('context: equality, comparisons, ranges, existence, wildcards in values', async () => {
      assert.deepEqual(await names('ctx.http.status:504'), ['a1']);
      assert.deepEqual(await names('ctx.http.status:402'), ['a3'], 'a numeric string matches its number');
      assert.deepEqual(await names('ctx.http.status:>=400'), ['a1'], 'comparisons apply to JSON numbers');
      assert.deepEqual(await names('ctx.http.status:[200 TO 299]'), ['a2']);
      assert.deepEqual(await names('ctx.duration_ms:>1000'), ['a1', 'a4']);
      assert.deepEqual(await names('ctx.duration_ms:{12 TO 2500.5}'), []);
      assert.deepEqual(await names('ctx.duration_ms:{12 TO 2500.5]'), ['a4']);
      assert.deepEqual(await names('has:ctx.user_id'), ['a2', 'a5'], 'null counts as missing');
      assert.deepEqual(await names('-has:ctx.user_id'), ['a1', 'a3', 'a4', 'a6']);
      assert.deepEqual(await names('ctx.ok:true'), ['a5']);
      assert.deepEqual(await names('ctx.ok:false'), ['a6']);
      assert.deepEqual(await names('ctx.http.route:/orders/*'), ['a1', 'a2']);
      assert.deepEqual(await names('ctx.error.stack:*timeout*'), ['a4']);
      assert.deepEqual(await names('ctx.http.route:"/orders/:id" -ctx.http.status:200'), ['a1']);
      assert.deepEqual(await names('(level:error OR level:warn) ctx.duration_ms:>100 -stripe'), ['a1']);
    });

    test('the ctx.<f>= parameters still work and AND with q', async () => {
      assert.deepEqual(await names('level:error', '&ctx.http.status=504'), ['a1']);
      assert.deepEqual(await names('', '&ctx.user_id=7'), ['a5']);
    });

    test('histogram and stream take q too; histogram counts follow the query', async () => {
      const res = await req(`/api/logs/histogram?project=${p.slug}&q=${encodeURIComponent('level:>=warn stripe')}&from=now-1h&to=now&interval=1h`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().buckets.reduce((n: number, b: { total: number }) => n + b.total, 0), 2);
      const bad = await req(`/api/logs/stream?project=${p.slug}&q=${encodeURIComponent('level:')}`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'INVALID_QUERY');
    });

    test('INVALID_QUERY: problem+json with the position and length of the mistake', async () => {
      const cases: Array<[string, number, number, RegExp]> = [
        ['level:error "timed out', 12, 10, /unbalanced quote at 12/],
        ['level:', 6, 1, /expected a value after 'level:' at 6/],
        ['status:500', 0, 6, /unknown field 'status' at 0/],
        ['level:loud', 6, 4, /unknown level 'loud' at 6/],
        ['ctx.ms:>fast', 8, 4, /bad number 'fast' at 8/],
        ['(a OR b', 0, 1, /never closed/],
        ['x'.repeat(2049), 2048, 1, /query too long/],
      ];
      for (const [q, position, length, message] of cases) {
        const res = await req(`/api/logs?project=${p.slug}&q=${encodeURIComponent(q)}`);
        assert.equal(res.statusCode, 400, q);
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        const body = res.json();
        assert.equal(body.code, 'INVALID_QUERY');
        assert.equal(body.position, position, q);
        assert.equal(body.length, length, q);
        assert.match(body.detail, message);
      }
    });

    test('relative times: from=now-15m, to=now; a bad from is a clear 400', async () => {
      assert.deepEqual(await names('', '&from=now-15m&to=now'), []);
      assert.deepEqual((await names('', '&from=now-1h&to=now')).length, 6);
      assert.deepEqual((await names('', '&from=now-2d')).length, 6);
      for (const from of ['yesterday', 'now-15', 'now-15y', 'now+']) {
        const res = await req(`/api/logs?project=${p.slug}&from=${encodeURIComponent(from)}`);
        assert.equal(res.statusCode, 400, from);
        assert.match(res.json().detail, /relative like now-15m/);
      }
    });

    test('fuzz: no query string gives a 500 (list and count)', async () => {
      const piece = fc.constantFrom('a', 'OR', 'AND', 'NOT', '-', '(', ')', '"', '*', ':', 'level:', 'ctx.a:', 'has:', '>=', '[', 'TO', ']', '{', '}', '\\', ' ', '\u0000', 'é', '%', '_');
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ maxLength: 30 }), fc.array(piece, { maxLength: 20 }).map((a) => a.join(''))), fc.boolean(), async (q, count) => {
          const res = await req(`/api/logs${count ? '/count' : ''}?project=${p.slug}&q=${encodeURIComponent(q)}`);
          assert.ok(res.statusCode === 200 || (res.statusCode === 400 && res.json().code === 'INVALID_QUERY'), `${JSON.stringify(q)}: ${res.statusCode} ${res.body}`);
        }),
        { numRuns: 300, seed: 9 },
      );
    });
  });
}
