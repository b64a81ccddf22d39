/**
 * Route schemas are compiled on first use (src/server/lazy-schemas.ts, issue 18 cold start): the OpenAPI
 * document still lists every route, validation and serialization answer as before, and every schema of
 * every route compiles (a broken one must fail here, not at its first request in production).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sqliteBackend } from '../../src/store/contract/harness.js';
import { batch, createProject, makeApp, setupAdmin, type App } from '../helpers/app.js';

let app: App;
before(async () => {
  app = await makeApp(sqliteBackend());
  await app.app.ready();
});
after(async () => {
  await app.shutdown();
});

test('the OpenAPI document lists the routes of every group', async () => {
  const res = await app.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(res.statusCode, 200);
  const paths = Object.keys(res.json().paths as object);
  for (const p of ['/readyz', '/api/logs/batch', '/api/logs', '/v1/logs', '/loki/api/v1/push', '/_bulk', '/api/auth/login', '/api/logs/projects']) {
    assert.ok(paths.includes(p), `${p} missing from ${paths.length} paths`);
  }
  assert.ok(paths.length >= 40, `only ${paths.length} paths`);
});

test('validation and serialization compile on first use and answer as before', async () => {
  const admin = await setupAdmin(app);
  const project = await createProject(app, admin);
  const bad = await app.app.inject({ method: 'POST', url: '/api/logs/projects', headers: { cookie: admin.cookie }, payload: { title: 'no name' } });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json().code, 'VALIDATION_FAILED');
  assert.match(bad.body, /name/);
  const query = await app.app.inject({ method: 'GET', url: `/api/logs?project=${project.slug}&limit=many`, headers: { cookie: admin.cookie } });
  assert.equal(query.statusCode, 400, query.body);
  assert.equal(query.json().code, 'VALIDATION_FAILED');
  const good = await app.app.inject(batch(project.key, { service_name: 'x', logs: [{ level: 'INFO', message: 'hello' }] }));
  assert.equal(good.statusCode, 201, good.body);
  const ready = await app.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.headers['content-type'], 'application/json; charset=utf-8');
});

test('every schema of every route compiles', () => {
  const compiled = app.compileSchemas();
  assert.ok(compiled >= 40, `only ${compiled} schemas were waiting`);
  assert.equal(app.compileSchemas(), 0, 'nothing left after compiling all');
});
