/**
 * The whole journey against the real server process: setup admin → login → create project → send 100 →
 * read back filtered → regenerate (old key 401 at once) → deactivate (403). Then no secret appears in plain
 * text in the database files or in the server's own logs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

async function call(method: string, url: string, opts: { cookie?: string; key?: string; body?: unknown } = {}) {
  const res = await fetch(server.url + url, {
    method,
    headers: {
      ...(opts.body !== undefined && { 'content-type': 'application/json' }),
      ...(opts.cookie && { cookie: opts.cookie }),
      ...(opts.key && { authorization: `Bearer ${opts.key}` }),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, text };
}

test('setup → login → project → 100 logs → filtered read → regenerate → deactivate; no secret leaks', async () => {
  const password = 'a long admin password';
  const setup = await call('POST', '/api/auth/setup', { body: { email: 'ops@example.com', password, name: 'Ops' } });
  assert.equal(setup.status, 201);
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ops@example.com', password }) });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const sessionId = cookie.split('=')[1]!;

  const created = await call('POST', '/api/logs/projects', { cookie, body: { name: 'Checkout Service', repository_url: 'https://example.com/shop.git' } });
  assert.equal(created.status, 201);
  const key: string = created.body.api_key;
  assert.match(key, /^dsk_[A-Za-z0-9_-]{43}$/);
  const slug: string = created.body.project.slug;
  assert.equal(slug, 'checkout-service');

  const logs = Array.from({ length: 100 }, (_, i) => ({ level: i < 10 ? 'error' : 'info', message: `order ${i} processed`, context: { order_id: i } }));
  const sent = await call('POST', '/api/logs/batch', { key, body: { project_slug: slug, service_name: i2s(0), logs: logs.slice(0, 50) } });
  const sent2 = await call('POST', '/api/logs/batch', { key, body: { project_slug: slug, service_name: i2s(1), logs: logs.slice(50) } });
  assert.equal(sent.status, 201);
  assert.equal(sent2.status, 201);
  assert.equal(sent.body.count + sent2.body.count, 100);

  const errors = await call('GET', `/api/logs?project=${slug}&level=ERROR&service=payments&limit=1000`, { cookie });
  assert.equal(errors.status, 200);
  assert.equal(errors.body.data.length, 10);
  const infos = await call('GET', `/api/logs?project=${slug}&level=INFO&service=shipping&limit=1000`, { cookie });
  assert.equal(infos.body.data.length, 50);

  const listed = await call('GET', '/api/logs/projects', { cookie });
  assert.equal(listed.body.data[0].log_count, 100);
  assert.ok(!listed.text.includes(key), 'the key is never listed');

  const regen = await call('PUT', `/api/logs/projects/${slug}/regenerate-key`, { cookie });
  const newKey: string = regen.body.api_key;
  const old = await call('POST', '/api/logs/batch', { key, body: { service_name: 'x', logs: logs.slice(0, 1) } });
  assert.equal(old.status, 401);
  assert.ok(old.headers.get('www-authenticate'));
  assert.equal((await call('POST', '/api/logs/batch', { key: newKey, body: { service_name: 'x', logs: logs.slice(0, 1) } })).status, 201);

  assert.equal((await call('DELETE', `/api/logs/projects/${slug}`, { cookie })).status, 200);
  const inactive = await call('POST', '/api/logs/batch', { key: newKey, body: { service_name: 'x', logs: logs.slice(0, 1) } });
  assert.equal(inactive.status, 403);
  assert.equal(inactive.body.code, 'PROJECT_INACTIVE');

  const token = (await call('POST', '/api/auth/tokens', { cookie, body: { name: 'script' } })).body.token as string;
  assert.equal((await call('GET', '/api/auth/me', { key: token })).status, 200);

  // Secrets never in plain text: database files (WAL included) and the server's logs.
  const secrets = { key, newKey, password, token, sessionId };
  const files = fs.readdirSync(server.dataDir).map((f) => path.join(server.dataDir, f));
  assert.ok(files.length > 0);
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    for (const [name, secret] of Object.entries(secrets)) assert.equal(bytes.indexOf(secret), -1, `${name} found in ${file}`);
  }
  const output = server.output();
  assert.ok(output.length > 0, 'the server logged something');
  for (const [name, secret] of Object.entries(secrets)) assert.ok(!output.includes(secret), `${name} found in server logs`);
});

test('/readyz, /metrics and the generated OpenAPI document', async () => {
  assert.equal((await call('GET', '/readyz')).body.status, 'ready');
  const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
  assert.match(metrics, /devsmith_logs_ingested_total 101/);
  assert.match(metrics, /devsmith_http_request_duration_seconds_bucket/);
  assert.match(metrics, /devsmith_write_queue_rows/);
  const openapi = (await call('GET', '/api/openapi.json')).body;
  assert.match(openapi.openapi, /^3\./);
  for (const p of ['/api/logs/batch', '/api/logs/projects', '/api/logs/histogram', '/api/auth/login']) assert.ok(openapi.paths[p], `${p} documented`);
});

function i2s(i: number): string {
  return ['payments', 'shipping'][i]!;
}
