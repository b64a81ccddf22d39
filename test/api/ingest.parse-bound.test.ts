/**
 * Issue 9's class "a body costs its parse before it is refused": whatever the protocol, an ingest body whose JSON
 * objects and arrays would cost more to parse than a full batch of entries may (64 per entry of a full batch) is
 * refused with 413 TOO_MANY_VALUES before it is parsed, even when they all hide inside one entry, where no entry
 * count sees them. Each body here is cut short after its objects, so JSON.parse would answer 400: a 413 can only
 * come from the count made first. One store: the bound is in the HTTP layer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import snappy from 'snappyjs';
import { pushRequestType } from '../../src/protocols/loki/protobuf.js';
import { backends, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const MAX_ENTRIES = 1000; // DEVSMITH_MAX_BATCH_ENTRIES below: the bound is then 64,000 objects and arrays
const MANY = `[${'{},'.repeat(64_001)}{}]`; // 64,003 containers

describe('ingest bodies that would cost more to parse than a full batch', () => {
  const backend = backends()[0]!;
  let app: App;
  let admin: Session;
  let project: { id: number; slug: string; key: string };
  before(async () => {
    app = await makeApp(backend, { DEVSMITH_MAX_BATCH_ENTRIES: String(MAX_ENTRIES) });
    admin = await setupAdmin(app);
    project = await createProject(app, admin);
  });
  after(async () => {
    await app.shutdown();
    await backend.cleanup();
  });
  const count = async () => (await app.app.inject({ url: `/api/logs/count?project=${project.slug}`, headers: { cookie: admin.cookie } })).json().count;
  const post = (url: string, type: string, payload: string) =>
    app.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${project.key}`, 'content-type': type }, payload });

  const entry = `{"level":"info","message":"one entry","context":{"hidden":${MANY}}}`;
  const cases: Array<[string, string, string, string]> = [
    ['our JSON envelope', '/api/logs/batch', 'application/json', `{"service_name":"a","logs":[${entry}]}`],
    ['a bare array', '/api/logs/batch', 'application/json', `[${entry}]`],
    ['NDJSON', '/api/logs/batch', 'application/x-ndjson', `${entry}\n`],
    ['OTLP/JSON', '/v1/logs', 'application/json', `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"arrayValue":{"values":${MANY}}}}]}]}]}`],
    ['Loki JSON', '/loki/api/v1/push', 'application/json', `{"streams":[{"stream":{"app":"a"},"values":[["1700000000000000000","line",{"x":${MANY}}]]}]}`],
    ['Elasticsearch bulk', '/_bulk', 'application/x-ndjson', `{"index":{"_index":"app"}}\n{"message":"m","nested":${MANY}}\n`],
  ];
  for (const [name, url, type, body] of cases) {
    test(`${name}: 413 TOO_MANY_VALUES before the parse, nothing stored`, async () => {
      const before = await count();
      const res = await post(url, type, body.slice(0, -3)); // cut short: only a count made before JSON.parse answers 413
      assert.equal(res.statusCode, 413, res.body);
      assert.match(res.body, /at most 64000 (JSON objects and arrays|protobuf messages)/);
      if (/problem\+json/.test(String(res.headers['content-type']))) assert.equal(res.json().code, 'TOO_MANY_VALUES');
      assert.equal(await count(), before);
    });
  }

  // Protobuf: the same bound counts embedded messages, read from the wire format before it is decoded.
  const emptyRecords = (n: number) => {
    const records = Buffer.alloc(n * 2);
    for (let i = 0; i < n; i++) records[2 * i] = 0x12; // ScopeLogs.log_records, length 0
    const varint = (v: number) => { const out: number[] = []; for (; v > 127; v = Math.floor(v / 128)) out.push((v & 127) | 128); out.push(v); return Buffer.from(out); };
    const scope = Buffer.concat([Buffer.from([0x12]), varint(records.length), records]);
    return Buffer.concat([Buffer.from([0x0a]), varint(scope.length), scope]);
  };
  test('OTLP protobuf: 413 before decoding, nothing stored', async () => {
    const before = await count();
    const res = await app.app.inject({ method: 'POST', url: '/v1/logs', headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/x-protobuf' }, payload: emptyRecords(70_000) });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(await count(), before);
  });
  test('Loki protobuf: 413 before decoding, nothing stored', async () => {
    const before = await count();
    const type = pushRequestType();
    // 40,000 empty entries with a timestamp each: 80,001 messages in one stream (and 40,000 entries: the entry
    // limit of 1,000 would refuse them too, but only after decoding them all).
    const push = { streams: [{ labels: '{app="a"}', entries: Array.from({ length: 40_000 }, () => ({ timestamp: { seconds: 1 }, line: '' })) }] };
    const raw = type.encode(type.fromObject(push)).finish();
    const res = await app.app.inject({ method: 'POST', url: '/loki/api/v1/push', headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/x-protobuf' }, payload: Buffer.from(snappy.compress(raw)) });
    assert.equal(res.statusCode, 413, res.body);
    assert.match(res.body, /at most 64000 protobuf messages/);
    assert.equal(await count(), before);
  });

  test('a body within the bound is parsed and stored as before', async () => {
    const before = await count();
    const within = `[${'{},'.repeat(30_000)}{}]`;
    const res = await post('/api/logs/batch', 'application/json', `{"service_name":"a","logs":[{"level":"info","message":"kept","context":{"list":${within}}}]}`);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(await count(), before + 1);
  });
});
