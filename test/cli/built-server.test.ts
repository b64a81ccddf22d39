/**
 * The built server is an esbuild bundle (scripts/build-server.mjs), and the Docker image runs nothing else: what
 * a bundle can break is checked here on the real build. Files read at run time (the .proto definitions, the
 * dashboard), the SQLite writer thread (its own entry), modules loaded on first use (chunks), and CommonJS
 * packages inside an ES module (require of Node built-ins). `npm run test:all` builds first; without a build the
 * suite is reported as skipped, by name, with the command to run.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import { encodeRequest } from '../../src/protocols/otlp/codec.js';
import { ROOT, bootstrap, startServer, type Bootstrapped, type RunningServer } from '../helpers/server.js';

const built = fs.existsSync(path.join(ROOT, 'dist/cli/main.js'));

const skip = built ? false : 'dist/cli/main.js is missing: run "npm run build" first (npm run test:all does)';

describe('the built server (dist/, one bundle)', () => {
  let server: RunningServer;
  let boot: Bootstrapped;
  const ingest = (path: string, headers: Record<string, string>, body: BodyInit) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${boot.apiKey}`, ...headers }, body });
  const count = async (q: string): Promise<number> => {
    const res = await fetch(`${server.url}/api/logs?project=${boot.project.slug}&q=${encodeURIComponent(q)}&limit=10`, { headers: { cookie: boot.cookie } });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: unknown[] }).data.length;
  };

  before(async () => {
    if (!built) return;
    server = await startServer({ built: true });
    boot = await bootstrap(server.url, 'Bundle');
  });
  after(async () => server?.stop());

  test('a JSON batch is stored by the SQLite writer thread and found by text search', { skip }, async () => {
    const res = await ingest('/api/logs/batch', { 'content-type': 'application/json' }, JSON.stringify({ service_name: 'api', logs: [{ level: 'ERROR', message: 'bundle json ok' }] }));
    assert.equal(res.status, 201, await res.text());
    assert.equal(await count('"bundle json ok"'), 1);
  });

  test('OTLP protobuf decodes with the .proto files found under dist/', { skip }, async () => {
    const body = encodeRequest({
      resourceLogs: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otel-svc' } }] },
        scopeLogs: [{ logRecords: [{ timeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`, severityText: 'WARN', body: { stringValue: 'bundle otlp ok' } }] }],
      }],
    });
    const res = await ingest('/v1/logs', { 'content-type': 'application/x-protobuf' }, new Uint8Array(body));
    assert.equal(res.status, 200, await res.text());
    assert.equal(await count('"bundle otlp ok"'), 1);
  });

  test('a Loki protobuf push (Snappy) decodes with push.proto found under dist/', { skip }, async () => {
    // PushRequest{streams=1{labels=1, entries=2{timestamp=1{seconds=1,nanos=2}, line=2}}}, from Loki's field numbers.
    const w = protobuf.Writer.create();
    w.uint32((1 << 3) | 2).fork().uint32((1 << 3) | 2).string('{service_name="loki-svc"}');
    w.uint32((2 << 3) | 2).fork().uint32((1 << 3) | 2).fork().uint32((1 << 3) | 0).int64(Math.floor(Date.now() / 1000)).ldelim();
    w.uint32((2 << 3) | 2).string('bundle loki ok').ldelim().ldelim();
    const res = await ingest('/loki/api/v1/push', { 'content-type': 'application/x-protobuf' }, new Uint8Array(snappy.compress(w.finish())));
    assert.equal(res.status, 204, await res.text());
    assert.equal(await count('"bundle loki ok"'), 1);
  });

  test('the dashboard, the metrics and the OpenAPI document are served', { skip }, async () => {
    const page = await fetch(`${server.url}/explore`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    const metrics = await fetch(`${server.url}/metrics`);
    assert.match(await metrics.text(), /devsmith_/);
    const openapi = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(openapi.status, 200);
  });
});
