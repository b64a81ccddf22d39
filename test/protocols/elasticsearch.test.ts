/**
 * Elasticsearch bulk subset end to end, on both stores. No Fluent Bit, Vector, Logstash or Filebeat binary can
 * be installed here (none is in Debian 12 or the package registries), so these tests REPLAY the requests those
 * shippers make, as their documentation and source show them:
 * - Fluent Bit `es` output: `Suppress_Type_Name On`, `Logstash_Format On`, `Generate_ID On`, the `create` write
 *   operation, records from the tail/kubernetes pipeline (`log` with its newline, `kubernetes.*`), NDJSON, and
 *   `HTTP_User`/`HTTP_Passwd` as Basic authentication.
 * - Vector `elasticsearch` sink: `GET /` for the version, then `index` actions into `vector-%Y.%m.%d` with
 *   `timestamp`/`host`/`message`, application/x-ndjson.
 * - Filebeat 8: data stream `create` into `filebeat-8.11.0`, ECS documents (`log.level`, `host.name`,
 *   `service.name`), `api_key: id:key` sent as `ApiKey base64(id:key)`, application/json.
 * - Logstash: `GET /`, `HEAD /`, `GET /_license`, `PUT /_index_template/logstash`, then
 *   `_bulk?filter_path=errors,items.*.error,items.*.status` with `index` actions into `logstash-YYYY.MM.dd`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { backends, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';
import { tempDir } from '../helpers/server.js';

const ndjson = (...lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const gzip = (...lines: object[]) => gzipSync(ndjson(...lines)) as unknown as string;
const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();

for (const backend of backends()) {
  describe(`Elasticsearch bulk (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend, { DEVSMITH_MAX_ENTRY_BYTES: '1024' });
      admin = await setupAdmin(app);
      project = await createProject(app, admin);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    const list = async (service: string) => {
      const res = await app.app.inject({ url: `/api/logs?project=${project.slug}&service=${encodeURIComponent(service)}&from=2000-01-01T00:00:00Z&limit=100`, headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().data as Array<Record<string, any>>;
    };
    const basic = () => `Basic ${Buffer.from(`fluentbit:${project.key}`).toString('base64')}`;
    const bulk = (body: string, headers: Record<string, string>, url = '/_bulk') =>
      app.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-ndjson', ...headers }, payload: body });

    test('Logstash and Vector probes: GET / version and X-Elastic-Product, HEAD /, license, xpack, health, templates', async () => {
      const auth = { authorization: basic() };
      const root = await app.app.inject({ url: '/', headers: auth });
      assert.equal(root.statusCode, 200, root.body);
      assert.equal(root.headers['x-elastic-product'], 'Elasticsearch');
      assert.equal(root.json().version.number, '8.11.0');
      assert.equal(root.json().tagline, 'You Know, for Search');
      const head = await app.app.inject({ method: 'HEAD', url: '/', headers: auth });
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers['x-elastic-product'], 'Elasticsearch');
      assert.equal((await app.app.inject({ url: '/_license', headers: auth })).json().license.status, 'active');
      assert.equal((await app.app.inject({ url: '/_xpack', headers: auth })).json().license.mode, 'basic');
      assert.equal((await app.app.inject({ url: '/_cluster/health' })).json().status, 'green');
      const template = await app.app.inject({ method: 'PUT', url: '/_index_template/logstash', headers: { ...auth, 'content-type': 'application/json' }, payload: { index_patterns: ['logstash-*'] } });
      assert.deepEqual(template.json(), { acknowledged: true });
      const wrong = await app.app.inject({ url: '/', headers: { authorization: `Basic ${Buffer.from(`u:dsk_${'B'.repeat(43)}`).toString('base64')}` } });
      assert.equal(wrong.statusCode, 401, 'a wrong key fails at the probe, not at the first bulk');
    });

    test('Fluent Bit es output (create, Generate_ID, Basic auth): 201 per item; kubernetes app → service; log → message', async () => {
      const body = ndjson(
        { create: { _index: 'logstash-2026.12.02', _id: 'a3f1c2d4-0001' } },
        { '@timestamp': isoAgo(60_000), log: '2026/12/02 10:00:00 [error] 7#7: upstream timed out\n', stream: 'stderr', kubernetes: { pod_name: 'shop-5d9', namespace_name: 'prod', container_name: 'nginx', labels: { app: 'shop' } } },
        { create: { _index: 'logstash-2026.12.02', _id: 'a3f1c2d4-0002' } },
        { '@timestamp': isoAgo(59_000), log: JSON.stringify({ level: 'info', msg: 'order placed', order: 42 }) + '\n', stream: 'stdout', kubernetes: { container_name: 'api', labels: { app: 'shop' } } },
      );
      const res = await bulk(body, { authorization: basic() });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['x-elastic-product'], 'Elasticsearch');
      const answer = res.json();
      assert.equal(answer.errors, false);
      assert.deepEqual(answer.items.map((i: any) => [i.create.status, i.create._id, i.create._index, i.create.result]), [
        [201, 'a3f1c2d4-0001', 'logstash-2026.12.02', 'created'],
        [201, 'a3f1c2d4-0002', 'logstash-2026.12.02', 'created'],
      ]);
      const logs = await list('shop');
      const nginx = logs.find((l) => l.message.includes('upstream'))!;
      assert.equal(nginx.level, 'ERROR');
      assert.equal(nginx.message, '2026/12/02 10:00:00 [error] 7#7: upstream timed out');
      assert.equal(nginx.context.kubernetes.pod_name, 'shop-5d9');
      assert.equal(nginx.context.stream, 'stderr');
      const api = logs.find((l) => l.message === 'order placed')!;
      assert.equal(api.level, 'INFO');
      assert.equal(api.context.order, 42);

      // Fluent Bit resends a whole chunk after any failure: with Generate_ID the same body is stored once.
      const again = await bulk(body, { authorization: basic() });
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal((await list('shop')).length, 2);
    });

    test('Vector elasticsearch sink: index actions, timestamp with nanoseconds, host; the index date is not the service', async () => {
      const ts = isoAgo(120_000).replace('Z', '456789Z');
      const res = await bulk(ndjson(
        { index: { _index: 'vector-2026.12.02' } },
        { message: 'disk 91% full', timestamp: ts, host: 'node-3', source_type: 'file', file: '/var/log/syslog' },
      ), { authorization: `Bearer ${project.key}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().items[0].index.status, 201);
      assert.match(res.json().items[0].index._id, /^[A-Za-z0-9_-]{20}$/);
      const [log] = await list('vector');
      assert.equal(log!.host, 'node-3');
      assert.equal(log!.message, 'disk 91% full');
      assert.equal(log!.timestamp.slice(0, 23), ts.slice(0, 23));
      assert.deepEqual(log!.context, { source_type: 'file', file: '/var/log/syslog' });
    });

    test('Filebeat (ECS, data stream create, ApiKey base64(id:key), application/json, compression_level gzip)', async () => {
      const res = await bulk(gzip(
        { create: { _index: 'filebeat-8.11.0' } },
        { '@timestamp': isoAgo(30_000), message: 'payment refused', log: { level: 'warn', file: { path: '/var/log/billing.log' }, offset: 120 }, host: { name: 'web-1' }, service: { name: 'billing', environment: 'staging', version: '2.4.1' }, trace: { id: 'abc123' }, agent: { type: 'filebeat', version: '8.11.0' }, ecs: { version: '8.0.0' } },
      ), { authorization: `ApiKey ${Buffer.from(`VuaCfGcBCdbkQm-e5aOx:${project.key}`).toString('base64')}`, 'content-type': 'application/json', 'content-encoding': 'gzip' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().errors, false);
      const [log] = await list('billing');
      assert.equal(log!.level, 'WARN');
      assert.equal(log!.host, 'web-1');
      assert.equal(log!.environment, 'staging');
      assert.equal(log!.version, '2.4.1');
      assert.equal(log!.trace_id, 'abc123');
      assert.deepEqual(log!.context.log, { file: { path: '/var/log/billing.log' }, offset: 120 });
      assert.equal(log!.context.service, undefined, 'mapped fields leave the context');
    });

    test('Logstash bulk into /<index>/_bulk with filter_path: the URL index names the service', async () => {
      const res = await bulk(ndjson(
        { index: { _index: 'logstash-2026.12.02' } },
        { '@timestamp': isoAgo(10_000), '@version': '1', message: 'user signed in', host: 'ls-1', type: 'syslog' },
        { index: {} },
        { '@timestamp': isoAgo(10_000), '@version': '1', message: 'from the URL index', host: 'ls-1' },
      ), { authorization: basic(), 'content-type': 'application/json' }, '/auth-service-2026.12.02/_bulk?filter_path=errors,items.*.error,items.*.status');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().items.map((i: any) => i.index.status), [201, 201]);
      assert.equal((await list('logstash'))[0]!.message, 'user signed in');
      assert.equal((await list('auth-service'))[0]!.message, 'from the URL index');
    });

    test('partial failure: per-item errors (bad JSON, update, delete, too large, no index), errors true, the rest stored', async () => {
      const body = [
        JSON.stringify({ index: { _index: 'partial' } }), JSON.stringify({ message: 'kept one' }),
        JSON.stringify({ index: { _index: 'partial' } }), '{"message": broken',
        JSON.stringify({ update: { _index: 'partial', _id: '1' } }), JSON.stringify({ doc: { message: 'x' } }),
        JSON.stringify({ delete: { _index: 'partial', _id: '1' } }),
        JSON.stringify({ create: { _index: 'partial' } }), JSON.stringify({ message: 'y'.repeat(2000) }),
        JSON.stringify({ index: {} }), JSON.stringify({ message: 'no index anywhere' }),
        JSON.stringify({ index: { _index: 'partial' } }), JSON.stringify({ message: 'kept two' }),
      ].join('\n') + '\n';
      const res = await bulk(body, { authorization: basic() });
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json();
      assert.equal(answer.errors, true);
      const summary = answer.items.map((i: any) => {
        const [op, r] = Object.entries(i)[0] as [string, any];
        return [op, r.status, r.error?.type ?? r.result];
      });
      assert.deepEqual(summary, [
        ['index', 201, 'created'],
        ['index', 400, 'document_parsing_exception'],
        ['update', 400, 'illegal_argument_exception'],
        ['delete', 400, 'illegal_argument_exception'],
        ['create', 400, 'document_parsing_exception'],
        ['index', 400, 'action_request_validation_exception'],
        ['index', 201, 'created'],
      ]);
      assert.match(answer.items[4].create.error.reason, /larger than 1024 bytes/);
      assert.deepEqual((await list('partial')).map((l) => l.message).sort(), ['kept one', 'kept two']);

      const allBad = await bulk(ndjson({ index: { _index: 'partial' } }, { message: 'z'.repeat(3000) }), { authorization: basic() });
      assert.equal(allBad.statusCode, 200);
      assert.equal(allBad.json().items[0].index.status, 400);
    });

    test('items over the daily quota are 429 (Logstash and Filebeat resend them), the ones within it are stored', async () => {
      const plan = await app.app.inject({ method: 'POST', url: '/api/plans', headers: { cookie: admin.cookie }, payload: { slug: 'es-tiny', name: 'ES tiny', daily_quota: 2 } });
      assert.equal(plan.statusCode, 201, plan.body);
      const small = await createProject(app, admin, 'Quota Bulk');
      const assigned = await app.app.inject({ method: 'PATCH', url: `/api/logs/projects/${small.id}`, headers: { cookie: admin.cookie }, payload: { plan_id: plan.json().plan.id } });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const res = await bulk(ndjson(
        { index: { _index: 'quota' } }, { message: 'one' },
        { index: { _index: 'quota' } }, { message: 'two' },
        { index: { _index: 'quota' } }, { message: 'three' },
      ), { authorization: `Bearer ${small.key}` });
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items.map((i: any) => [i.index.status, i.index.error?.type ?? i.index.result]);
      assert.deepEqual(items, [[201, 'created'], [201, 'created'], [429, 'es_rejected_execution_exception']]);
    });

    test('refused requests: malformed action line 400 (nothing stored), empty body 400, no key 401', async () => {
      const bad = await bulk(ndjson({ index: { _index: 'refused' } }, { message: 'a' }) + 'not json\n', { authorization: basic() });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().detail, /Line 3 of the bulk body/);
      assert.equal(bad.headers['x-elastic-product'], 'Elasticsearch');
      assert.equal((await list('refused')).length, 0);
      const empty = await bulk('\n', { authorization: basic() });
      assert.equal(empty.statusCode, 400);
      const none = await bulk(ndjson({ index: { _index: 'refused' } }, { message: 'a' }), {});
      assert.equal(none.statusCode, 401);
      // The official 8.x clients in compatibility mode send vendor media types.
      const compat = await bulk(ndjson({ index: { _index: 'compat' } }, { message: 'c' }), { authorization: basic(), 'content-type': 'application/vnd.elasticsearch+x-ndjson; compatible-with=8' });
      assert.equal(compat.statusCode, 200, compat.body);
      assert.equal(compat.json().items[0].index.status, 201);
      const text = await bulk('x', { authorization: basic(), 'content-type': 'text/plain' });
      assert.equal(text.statusCode, 415);
    });
  });
}

describe('GET / is shared with the dashboard', () => {
  test('a browser gets the dashboard, an Elasticsearch client the version', async () => {
    const webDir = tempDir();
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>DevSmith</title>');
    const [backend] = backends();
    const app = await makeApp(backend!, { DEVSMITH_WEB_DIR: webDir });
    try {
      const html = await app.app.inject({ url: '/', headers: { accept: 'text/html,application/xhtml+xml' } });
      assert.equal(html.statusCode, 200);
      assert.match(html.body, /<title>DevSmith<\/title>/);
      const json = await app.app.inject({ url: '/', headers: { accept: 'application/json' } });
      assert.equal(json.json().version.number, '8.11.0');
      assert.equal((await app.app.inject({ url: '/index.html' })).statusCode, 200);
    } finally {
      await app.shutdown();
      await backend!.cleanup();
    }
  });
});
