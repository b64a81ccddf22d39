import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, entries, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

for (const backend of backends()) {
  describe(`ingest security (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    let other: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      project = await createProject(app, admin, 'Shop');
      other = await createProject(app, admin, 'Billing');
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const send = (headers: Record<string, string>, payload: object = { service_name: 'a', logs: entries(1) }) =>
      app.app.inject({ method: 'POST', url: '/api/logs/batch', headers, payload });

    test('no key: 401 MISSING_API_KEY with WWW-Authenticate', async () => {
      const res = await send({});
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'MISSING_API_KEY');
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    });

    test('a key with a bad prefix, an unknown key, or a key in the wrong header: 401', async () => {
      assert.equal((await send({ authorization: 'Bearer sk_live_abcdef' })).json().code, 'INVALID_API_KEY');
      assert.equal((await send({ authorization: `Bearer dsk_${'A'.repeat(43)}` })).json().code, 'INVALID_API_KEY');
      assert.equal((await send({ authorization: project.key })).statusCode, 401, 'key without the Bearer scheme');
      assert.equal((await send({ 'x-api-token': project.key })).statusCode, 401, 'unknown header');
      assert.equal((await send({ cookie: `devsmith_session=${project.key}` })).statusCode, 401, 'key in a cookie');
    });

    test('the key in the forms shippers send: Basic (key as password or as user), ApiKey (raw or base64 id:key)', async () => {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      for (const authorization of [`Basic ${b64(`devsmith:${project.key}`)}`, `Basic ${b64(`${project.key}:`)}`, `Basic ${b64(project.key)}`, `ApiKey ${project.key}`, `ApiKey ${b64(`id1:${project.key}`)}`]) {
        assert.equal((await send({ authorization })).statusCode, 201, authorization);
      }
      const wrong = await send({ authorization: `Basic ${b64(`devsmith:dsk_${'A'.repeat(43)}`)}` });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().code, 'INVALID_API_KEY');
      assert.equal((await send({ authorization: `Basic ${b64('devsmith:hunter2')}` })).json().code, 'INVALID_API_KEY');
    });

    test('a user session or user token cannot ingest', async () => {
      assert.equal((await send({ cookie: admin.cookie })).statusCode, 401);
      const token = (await app.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie: admin.cookie }, payload: { name: 'ci' } })).json().token;
      assert.equal((await send({ authorization: `Bearer ${token}` })).statusCode, 401);
    });

    test('an ingest key cannot read logs or manage projects', async () => {
      for (const url of ['/api/logs', '/api/logs/projects', `/api/logs/projects/${project.id}`, '/api/auth/me']) {
        const res = await app.app.inject({ url, headers: { authorization: `Bearer ${project.key}` } });
        assert.equal(res.statusCode, 401, url);
        assert.equal(res.json().code, 'UNAUTHENTICATED');
      }
    });

    test('project_slug naming another project: 403 PROJECT_MISMATCH, nothing stored', async () => {
      const res = await send({ authorization: `Bearer ${project.key}` }, { project_slug: other.slug, service_name: 'a', logs: entries(3) });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'PROJECT_MISMATCH');
      const n = (await app.app.inject({ url: `/api/logs/count?project=${other.slug}`, headers: { cookie: admin.cookie } })).json().count;
      assert.equal(n, 0);
    });

    test('regenerated key: the old one answers 401 at once, the new one works', async () => {
      assert.equal((await send({ authorization: `Bearer ${other.key}` })).statusCode, 201); // warms the key cache
      const res = await app.app.inject({ method: 'PUT', url: `/api/logs/projects/${other.id}/regenerate-key`, headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200);
      const fresh = res.json().api_key;
      assert.notEqual(fresh, other.key);
      assert.equal((await send({ authorization: `Bearer ${other.key}` })).json().code, 'INVALID_API_KEY');
      assert.equal((await send({ authorization: `Bearer ${fresh}` })).statusCode, 201);
      other.key = fresh;
    });

    test('deactivated project: 403 PROJECT_INACTIVE, logs stay readable; reactivation restores ingest', async () => {
      assert.equal((await send({ 'x-api-key': other.key })).statusCode, 201);
      const del = await app.app.inject({ method: 'DELETE', url: `/api/logs/projects/${other.id}`, headers: { cookie: admin.cookie } });
      assert.equal(del.json().project.active, false);
      const refused = await send({ 'x-api-key': other.key });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'PROJECT_INACTIVE');
      const n = (await app.app.inject({ url: `/api/logs/count?project=${other.slug}`, headers: { cookie: admin.cookie } })).json().count;
      assert.ok(n > 0);
      await app.app.inject({ method: 'PATCH', url: `/api/logs/projects/${other.id}`, headers: { cookie: admin.cookie }, payload: { active: true } });
      assert.equal((await send({ 'x-api-key': other.key })).statusCode, 201);
    });

    test("a member cannot see, change or read another user's project", async () => {
      const member = await createMember(app, admin);
      const own = await createProject(app, member, 'Mine');
      await send({ 'x-api-key': project.key }, { service_name: 'secret', logs: [{ level: 'info', message: 'admin only' }] });
      const h = { cookie: member.cookie };
      const listed = (await app.app.inject({ url: '/api/logs/projects', headers: h })).json().data;
      assert.deepEqual(listed.map((p: { slug: string }) => p.slug), [own.slug]);
      for (const [method, url] of [
        ['GET', `/api/logs/projects/${project.id}`],
        ['GET', `/api/logs/projects/${project.slug}`],
        ['PATCH', `/api/logs/projects/${project.id}`],
        ['PUT', `/api/logs/projects/${project.id}/regenerate-key`],
        ['DELETE', `/api/logs/projects/${project.id}`],
        ['GET', `/api/logs?project=${project.slug}`],
        ['GET', `/api/logs/services?project=${project.slug}`],
        ['GET', `/api/logs/histogram?project=${project.id}`],
      ] as const) {
        const res = await app.app.inject({ method, url, headers: h, ...(method === 'PATCH' && { payload: { name: 'x' } }) });
        assert.equal(res.statusCode, 404, `${method} ${url}`);
      }
      const all = (await app.app.inject({ url: '/api/logs?limit=1000', headers: h })).json().data;
      assert.equal(all.length, 0, 'a member without logs sees none of the admin logs');
      const adminLog = (await app.app.inject({ url: `/api/logs?project=${project.slug}&service=secret`, headers: { cookie: admin.cookie } })).json().data[0];
      assert.equal((await app.app.inject({ url: `/api/logs/${adminLog.id}/context`, headers: h })).statusCode, 404);
    });
  });
}

describe('prototype keys in a log are data', () => {
  test('"__proto__" and "constructor" in context are stored as plain keys and pollute nothing', async () => {
    const backend = backends()[0]!;
    const app = await makeApp(backend);
    try {
      const s = await setupAdmin(app);
      const p = await createProject(app, s);
      const body = '{"service_name":"p","logs":[{"level":"info","message":"proto","context":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}]}';
      const res = await app.app.inject({ method: 'POST', url: '/api/logs/batch', headers: { authorization: `Bearer ${p.key}`, 'content-type': 'application/json' }, payload: body });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      const stored = await app.app.inject({ url: `/api/logs?project=${p.slug}`, headers: { cookie: s.cookie } });
      assert.ok(stored.body.includes('"__proto__":{"polluted":true}'), stored.body);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    } finally {
      await app.shutdown();
      await backend.cleanup();
    }
  });
});
