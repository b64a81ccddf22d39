/**
 * Facets, services across projects and context fields over HTTP on each backend: happy paths, errors,
 * and what a member may see. Counts must agree with /api/logs/count for the same filters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const RANGE = `from=${new Date(T0).toISOString()}&to=${new Date(T0 + 7_200_000).toISOString()}`;

for (const backend of backends()) {
  describe(`facets API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let member: Session;
    let shop: { id: number; slug: string; key: string };
    let billing: { id: number; slug: string; key: string };
    let mine: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      shop = await createProject(app, admin, 'Shop');
      billing = await createProject(app, admin, 'Billing');
      member = await createMember(app, admin);
      mine = await createProject(app, member, 'Mine');
      const send = async (key: string, service: string, n: number, host: string | undefined, ctx: (i: number) => object) => {
        const logs = Array.from({ length: n }, (_, i) => ({
          timestamp: T0 + i * 61_001,
          level: i % 4 === 0 ? 'ERROR' : 'INFO',
          message: i % 3 === 0 ? 'payment declined' : 'request served',
          context: ctx(i),
        }));
        const res = await app.app.inject(batch(key, { service_name: service, host, environment: 'production', logs }));
        assert.equal(res.statusCode, 201, res.body);
      };
      await send(shop.key, 'api', 60, 'web-1', (i) => ({ http: { route: i % 2 ? '/cart' : '/pay', status: i % 5 ? 200 : 500 } }));
      await send(shop.key, 'worker', 20, undefined, (i) => ({ job: `j${i % 2}` }));
      await send(billing.key, 'api', 30, 'web-2', (i) => ({ http: { route: '/invoice', status: 200 }, 'bad key': i }));
      await send(mine.key, 'secret', 5, 'member-host', () => ({ http: { route: '/member-only' } }));
      both = `project=${shop.slug},${billing.slug}`;
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const get = async (url: string, s: Session = admin) => {
      const res = await app.app.inject({ url, headers: { cookie: s.cookie } });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };
    const status = async (url: string, s: Session | null = admin) => {
      const res = await app.app.inject({ url, headers: s ? { cookie: s.cookie } : {} });
      return { code: res.statusCode, body: res.json() };
    };
    let both = '';

    test('happy: levels and services across projects, exact and equal to /count', async () => {
      const f = await get(`/api/logs/facets?${both}&${RANGE}`);
      assert.equal(f.total, 110);
      assert.deepEqual(f.levels, { TRACE: 0, DEBUG: 0, INFO: 82, WARN: 0, ERROR: 28, FATAL: 0 });
      assert.deepEqual(f.services, [
        { service: 'api', project_id: shop.id, project_slug: shop.slug, count: 60 },
        { service: 'api', project_id: billing.id, project_slug: billing.slug, count: 30 },
        { service: 'worker', project_id: shop.id, project_slug: shop.slug, count: 20 },
      ]);
      assert.equal(f.field, null);
      // The same filters as the list: every combination agrees with /count.
      for (const qs of [
        `${both}&${RANGE}`,
        `${both}&level=error`,
        `${both}&service=api&q=payment`,
        `project=${shop.slug}&ctx.http.status=500`,
        `${both}&from=${new Date(T0 + 90_000).toISOString()}&to=${T0 + 1_000_003}`,
      ]) {
        const facets = await get(`/api/logs/facets?${qs}`);
        const count = (await get(`/api/logs/count?${qs}`)).count;
        assert.equal(facets.total, count, qs);
        assert.equal(Object.values(facets.levels as Record<string, number>).reduce((a, n) => a + n, 0), count, qs);
        assert.equal(facets.services.reduce((a: number, s: { count: number }) => a + s.count, 0), count, qs);
      }
    });

    test('happy: top values of a context field and of a column, with the missing bucket', async () => {
      const f = await get(`/api/logs/facets?${both}&field=ctx.http.route&limit=2`);
      assert.deepEqual(f.field, {
        name: 'ctx.http.route',
        values: [{ value: '/cart', count: 30 }, { value: '/invoice', count: 30 }],
        missing: 20, other: 0, scanned: 110, sampled: false,
      });
      const status = await get(`/api/logs/facets?project=${shop.slug}&service=api&field=ctx.http.status&q=payment`);
      assert.deepEqual(status.field.values, [{ value: '200', count: 16 }, { value: '500', count: 4 }]);
      assert.equal(status.total, 20);
      const host = await get(`/api/logs/facets?${both}&field=host`);
      assert.deepEqual(host.field.values, [{ value: 'web-1', count: 60 }, { value: 'web-2', count: 30 }]);
      assert.equal(host.field.missing, 20);
      const env = await get(`/api/logs/facets?${both}&field=env&level=error`);
      assert.deepEqual(env.field.values, [{ value: 'production', count: 28 }]);
      const proto = await get(`/api/logs/facets?${both}&field=ctx.__proto__`);
      assert.deepEqual(proto.field, { name: 'ctx.__proto__', values: [], missing: 110, other: 0, scanned: 110, sampled: false });
    });

    test('happy: services of several projects (comma or repeated, default all readable), old shape kept', async () => {
      const comma = await get(`/api/logs/services?${both}`);
      const repeated = await get(`/api/logs/services?project=${shop.id}&project=${billing.slug}`);
      assert.deepEqual(comma, repeated);
      assert.deepEqual(comma.data.map((s: { service: string; project_slug: string; count: number }) => [s.service, s.project_slug, s.count]), [
        ['api', shop.slug, 60], ['api', billing.slug, 30], ['worker', shop.slug, 20],
      ]);
      for (const s of comma.data) {
        assert.equal(typeof s.last_seen_at, 'string');
        assert.ok([shop.id, billing.id].includes(s.project_id));
      }
      const one = await get(`/api/logs/services?project=${billing.slug}`);
      assert.deepEqual(Object.keys(one.data[0]).sort(), ['count', 'last_seen_at', 'project_id', 'project_slug', 'service']);
      const all = await get('/api/logs/services');
      assert.deepEqual(all.data.map((s: { service: string }) => s.service), ['api', 'api', 'secret', 'worker'], 'an admin reads every project');
    });

    test('happy: context fields of the newest logs, with types; names the language cannot write left out', async () => {
      const f = await get(`/api/logs/fields?${both}`);
      assert.equal(f.scanned, 110);
      assert.deepEqual(f.data, [
        { path: 'ctx.http.route', count: 90, types: { string: 90 } },
        { path: 'ctx.http.status', count: 90, types: { number: 90 } },
        { path: 'ctx.job', count: 20, types: { string: 20 } },
      ]);
      const limited = await get(`/api/logs/fields?project=${shop.slug}&service=worker&limit=1`);
      assert.deepEqual(limited, { data: [{ path: 'ctx.job', count: 20, types: { string: 20 } }], scanned: 20 });
    });

    test('errors: bad field, limits, filters and ids answer 4xx with a reason, never 500', async () => {
      for (const url of [
        `/api/logs/facets?${both}&field=level`,
        `/api/logs/facets?${both}&field=message`,
        `/api/logs/facets?${both}&field=__proto__`,
        `/api/logs/facets?${both}&field=ctx.`,
        `/api/logs/facets?${both}&field=ctx.a..b`,
        `/api/logs/facets?${both}&field=ctx.a%22b`,
        `/api/logs/facets?${both}&field=ctx.${'a'.repeat(400)}`,
        `/api/logs/facets?${both}&field=host&limit=0`,
        `/api/logs/facets?${both}&field=host&limit=101`,
        `/api/logs/facets?${both}&field=host&limit=99999999999999999999`,
        `/api/logs/facets?${both}&level=loud`,
        `/api/logs/facets?${both}&from=yesterday`,
        `/api/logs/fields?${both}&limit=1001`,
        `/api/logs/fields?${both}&ctx.a..b=1`,
      ]) {
        const res = await status(url);
        assert.equal(res.code, 400, `${url}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'VALIDATION_FAILED', url);
      }
      for (const id of ['nope', '2147483648', '99999999999999999999']) {
        for (const path of ['facets', 'services', 'fields']) {
          const res = await status(`/api/logs/${path}?project=${id}`);
          assert.equal(res.code, 404, `${path} ${id}: ${JSON.stringify(res.body)}`);
        }
      }
    });

    test('security: sign-in required; a member sees only their projects', async () => {
      for (const path of ['facets', 'services', 'fields']) {
        assert.equal((await status(`/api/logs/${path}`, null)).code, 401, path);
        assert.equal((await status(`/api/logs/${path}?project=${shop.slug}`, member)).code, 404, `${path}: another's project`);
        assert.equal((await status(`/api/logs/${path}?project=${mine.slug},${shop.id}`, member)).code, 404, `${path}: mixed`);
      }
      const f = await get('/api/logs/facets?field=host', member);
      assert.equal(f.total, 5);
      assert.deepEqual(f.services, [{ service: 'secret', project_id: mine.id, project_slug: mine.slug, count: 5 }]);
      assert.deepEqual(f.field.values, [{ value: 'member-host', count: 5 }]);
      assert.deepEqual((await get('/api/logs/services', member)).data.map((s: { service: string }) => s.service), ['secret']);
      assert.deepEqual((await get('/api/logs/fields', member)).data.map((x: { path: string }) => x.path), ['ctx.http.route']);
    });
  });
}
