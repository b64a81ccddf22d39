/** Saved views over HTTP on each backend: happy paths, validation errors, and that views stay private. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, createMember, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const QUERY = {
  q: 'level:error ctx.http.status:>=500 -service:cron',
  project: ['shop', 'billing'],
  service: ['api'],
  level: ['error', 'warning'],
  from: 'now-24h',
  to: null,
  columns: ['ctx.http.route', 'ctx.duration_ms', 'host'],
};

for (const backend of backends()) {
  describe(`saved views API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let member: Session;
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      member = await createMember(app, admin);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, s: Session | null, payload?: unknown) => {
      const res = await app.app.inject({ method, url, headers: s ? { cookie: s.cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { code: res.statusCode, body: res.body ? res.json() : null, type: res.headers['content-type'] };
    };

    test('happy: create, read, list, rename, replace the query, delete', async () => {
      const created = await call('POST', '/api/views', admin, { name: '  Errors today ', query: QUERY });
      assert.equal(created.code, 201, JSON.stringify(created.body));
      const view = created.body.view;
      assert.equal(view.name, 'Errors today');
      assert.deepEqual(view.query, { ...QUERY, level: ['ERROR', 'WARN'] });
      assert.ok(Number.isInteger(view.id));
      assert.ok(!Number.isNaN(Date.parse(view.created_at)));
      const bare = await call('POST', '/api/views', admin, { name: 'All logs' });
      assert.deepEqual(bare.body.view.query, { q: '', project: [], service: [], level: [], from: null, to: null, columns: [] });
      assert.deepEqual((await call('GET', `/api/views/${view.id}`, admin)).body, { view });
      assert.deepEqual((await call('GET', '/api/views', admin)).body.data.map((v: { name: string }) => v.name), ['All logs', 'Errors today']);

      const renamed = await call('PATCH', `/api/views/${view.id}`, admin, { name: 'Errors' });
      assert.equal(renamed.code, 200);
      assert.equal(renamed.body.view.name, 'Errors');
      assert.deepEqual(renamed.body.view.query, view.query);
      const absolute = { from: '2026-11-20T10:00:00.000Z', to: '1795000000000' };
      const requeried = await call('PATCH', `/api/views/${view.id}`, admin, { query: absolute });
      assert.deepEqual(requeried.body.view.query, { q: '', project: [], service: [], level: [], columns: [], ...absolute });
      assert.equal(requeried.body.view.name, 'Errors');

      assert.equal((await call('DELETE', `/api/views/${view.id}`, admin)).code, 204);
      assert.equal((await call('GET', `/api/views/${view.id}`, admin)).code, 404);
      assert.equal((await call('DELETE', `/api/views/${view.id}`, admin)).code, 404);
      await call('DELETE', `/api/views/${bare.body.view.id}`, admin);
    });

    test('errors: every member validated, with a reason', async () => {
      const bad: Array<[string, unknown]> = [
        ['empty name', { name: '   ' }],
        ['long name', { name: 'x'.repeat(101) }],
        ['control character', { name: 'a\u0007b' }],
        ['no name', { query: QUERY }],
        ['unknown member', { name: 'x', shared: true }],
        ['unknown query member', { name: 'x', query: { ...QUERY, constructor: 'x' } }],
        ['level', { name: 'x', query: { level: ['loud'] } }],
        ['level named like a prototype property', { name: 'x', query: { level: ['__proto__'] } }],
        ['from', { name: 'x', query: { from: 'yesterday' } }],
        ['relative to', { name: 'x', query: { to: 'now+1h' } }],
        ['to out of range', { name: 'x', query: { to: '99999999999999999' } }],
        ['column path', { name: 'x', query: { columns: ['ctx.a..b'] } }],
        ['column with a quote', { name: 'x', query: { columns: ['a"b'] } }],
        ['too many projects', { name: 'x', query: { project: Array.from({ length: 51 }, (_, i) => `p${i}`) } }],
        ['empty service', { name: 'x', query: { service: [''] } }],
        ['long q', { name: 'x', query: { q: 'a'.repeat(2001) } }],
        ['q not a string', { name: 'x', query: { q: { a: 1 } } }],
        ['query not an object', { name: 'x', query: 'level:error' }],
      ];
      for (const [label, payload] of bad) {
        const res = await call('POST', '/api/views', admin, payload);
        assert.equal(res.code, 400, `${label}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'VALIDATION_FAILED', label);
        assert.match(res.type ?? '', /problem\+json/);
      }
      const proto = await app.app.inject({ method: 'POST', url: '/api/views', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, payload: '{"name":"x","__proto__":{"q":"y"}}' });
      assert.equal(proto.statusCode, 400, proto.body);
      const huge = await call('POST', '/api/views', admin, { name: 'x', query: { q: 'a'.repeat(70 * 1024) } });
      assert.equal(huge.code, 413, JSON.stringify(huge.body));
      for (const id of ['0', '-1', 'abc', '1.5', '2147483648', '99999999999999999999']) {
        for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
          const res = await call(method, `/api/views/${id}`, admin, method === 'PATCH' ? { name: 'y' } : undefined);
          assert.equal(res.code, 400, `${method} ${id}: ${JSON.stringify(res.body)}`);
        }
      }
      assert.equal((await call('GET', '/api/views/2147483647', admin)).code, 404);
      assert.deepEqual((await call('GET', '/api/views', admin)).body.data, [], 'nothing was stored');
    });

    test('errors: names unique per user (409), at most 200 views (409); odd names are just names', async () => {
      const first = await call('POST', '/api/views', member, { name: '__proto__' });
      assert.equal(first.code, 201);
      assert.equal(first.body.view.name, '__proto__');
      const clash = await call('POST', '/api/views', member, { name: '__proto__' });
      assert.equal(clash.code, 409);
      assert.equal(clash.body.code, 'CONFLICT');
      const other = await call('POST', '/api/views', member, { name: 'constructor' });
      assert.equal((await call('PATCH', `/api/views/${other.body.view.id}`, member, { name: '__proto__' })).code, 409);
      for (let i = 2; i < 200; i++) assert.equal((await call('POST', '/api/views', member, { name: `v${i}` })).code, 201);
      const over = await call('POST', '/api/views', member, { name: 'one too many' });
      assert.equal(over.code, 409);
      assert.match(over.body.detail, /200/);
      assert.equal((await call('GET', '/api/views', member)).body.data.length, 200);
      assert.equal((await call('POST', '/api/views', admin, { name: 'v2' })).code, 201, 'the bound is per user');
    });

    test('security: sign-in required; views are private to their owner, admins included', async () => {
      for (const [method, url] of [['GET', '/api/views'], ['POST', '/api/views'], ['GET', '/api/views/1'], ['PATCH', '/api/views/1'], ['DELETE', '/api/views/1']] as const) {
        const res = await call(method, url, null, method === 'POST' || method === 'PATCH' ? { name: 'x' } : undefined);
        assert.equal(res.code, 401, `${method} ${url}`);
      }
      const other = await createMember(app, admin, 'other@example.com');
      const secret = (await call('POST', '/api/views', other, { name: 'secret', query: { q: 'password reset' } })).body.view;
      for (const s of [admin, member]) {
        assert.equal((await call('GET', `/api/views/${secret.id}`, s)).code, 404);
        assert.equal((await call('PATCH', `/api/views/${secret.id}`, s, { name: 'taken' })).code, 404);
        assert.equal((await call('DELETE', `/api/views/${secret.id}`, s)).code, 404);
        assert.ok(!(await call('GET', '/api/views', s)).body.data.some((v: { id: number }) => v.id === secret.id));
      }
      assert.deepEqual((await call('GET', `/api/views/${secret.id}`, other)).body.view, secret, 'untouched');
    });
  });
}
