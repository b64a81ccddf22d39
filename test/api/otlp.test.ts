// OTLP/HTTP logs through app.inject on each backend: both encodings, gzip, partial success, errors as
// google.rpc.Status in the request's encoding, keys, rate limit. Real exporters: test/integrations/otlp.test.ts.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { decodeAnswer, encodeRequest } from '../../src/protocols/otlp/codec.js';
import { backends, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const PROTO = 'application/x-protobuf';
const kv = (key: string, value: object) => ({ key, value });
const str = (s: string) => ({ stringValue: s });

function exportOf(service: string, records: object[]) {
  return { resourceLogs: [{ resource: { attributes: [kv('service.name', str(service))] }, scopeLogs: [{ logRecords: records }] }] };
}

/** A kvlist nested deeper than DEVSMITH_MAX_CONTEXT_DEPTH (20): refused as context_too_deep. */
function tooDeep(): object {
  let value: object = str('bottom');
  for (let i = 0; i < 25; i++) value = { kvlistValue: { values: [kv('n', value)] } };
  return { body: str('too deep'), attributes: [kv('deep', value)] };
}

for (const backend of backends()) {
  describe(`OTLP/HTTP logs (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { slug: string; key: string };
    before(async () => {
      app = await makeApp(backend, { DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000' });
      admin = await setupAdmin(app);
      project = await createProject(app, admin);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    const post = (url: string, type: string, payload: Buffer | string, headers: Record<string, string> = {}) =>
      app.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${project.key}`, 'content-type': type, ...headers }, payload });
    const list = async (service: string) =>
      (await app.app.inject({ url: `/api/logs?project=${project.slug}&service=${service}&limit=100`, headers: { cookie: admin.cookie } })).json().data as Array<{ message: string; level: string; trace_id: string | null }>;

    test('protobuf, gzip, on /otlp/v1/logs: 200 with an empty ExportLogsServiceResponse, every record stored', async () => {
      const records = Array.from({ length: 30 }, (_, i) => ({ severityNumber: 9 + (i % 2) * 8, body: str(`proto ${i}`), traceId: Buffer.alloc(16, i + 1) }));
      const res = await post('/otlp/v1/logs', PROTO, gzipSync(encodeRequest(exportOf('pb', records))), { 'content-encoding': 'gzip' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], PROTO);
      assert.deepEqual(decodeAnswer('response', res.rawPayload), {});
      const logs = await list('pb');
      assert.equal(logs.length, 30);
      const one = logs.find((l) => l.message === 'proto 3')!;
      assert.equal(one.level, 'ERROR');
      assert.equal(one.trace_id, '04'.repeat(16));
    });

    test('JSON: some records refused -> 200 with partialSuccess naming them; the others stored', async () => {
      const records = [{ body: str('ok 0') }, tooDeep(), { body: str('ok 2') }, { body: str('x'.repeat(300_000)) }];
      const res = await post('/v1/logs', 'application/json', JSON.stringify(exportOf('partial-json', records)));
      assert.equal(res.statusCode, 200, res.body);
      const { partialSuccess } = res.json();
      assert.equal(partialSuccess.rejectedLogRecords, '2', 'int64 as a string in OTLP/JSON');
      assert.match(partialSuccess.errorMessage, /record 1: .*context_too_deep/);
      assert.match(partialSuccess.errorMessage, /record 3: .*entry_too_large/);
      assert.deepEqual((await list('partial-json')).map((l) => l.message).sort(), ['ok 0', 'ok 2']);
    });

    test('protobuf: partial success in protobuf; every record refused is still a 200 partial success', async () => {
      const some = await post('/v1/logs', PROTO, encodeRequest(exportOf('partial-pb', [{ body: str('kept') }, tooDeep()])));
      assert.equal(some.statusCode, 200);
      const answer = decodeAnswer('response', some.rawPayload) as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
      assert.equal(answer.partialSuccess.rejectedLogRecords, 1);
      const all = await post('/v1/logs', PROTO, encodeRequest(exportOf('partial-pb', [tooDeep(), tooDeep()])));
      assert.equal(all.statusCode, 200);
      const none = decodeAnswer('response', all.rawPayload) as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
      assert.equal(none.partialSuccess.rejectedLogRecords, 2);
      assert.match(none.partialSuccess.errorMessage, /No valid entry/);
      assert.deepEqual((await list('partial-pb')).map((l) => l.message), ['kept']);
    });

    test('an export without records is accepted', async () => {
      const json = await post('/v1/logs', 'application/json', '{}');
      assert.equal(json.statusCode, 200);
      assert.deepEqual(json.json(), {});
      const pb = await post('/v1/logs', PROTO, Buffer.alloc(0));
      assert.equal(pb.statusCode, 200);
    });

    test('malformed bodies: 400 google.rpc.Status INVALID_ARGUMENT in the request encoding', async () => {
      const pb = await post('/v1/logs', PROTO, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
      assert.equal(pb.statusCode, 400);
      assert.equal(pb.headers['content-type'], PROTO);
      const status = decodeAnswer('status', pb.rawPayload) as { code: number; message: string };
      assert.equal(status.code, 3);
      assert.match(status.message, /INVALID_PROTOBUF/);
      for (const body of ['{"resourceLogs":', '{"resourceLogs":{}}', '[1,2]']) {
        const res = await post('/v1/logs', 'application/json', body);
        assert.equal(res.statusCode, 400, body);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.equal(res.json().code, 3, body);
        assert.equal(typeof res.json().message, 'string');
      }
      const gz = await post('/v1/logs', PROTO, Buffer.from('not gzip'), { 'content-encoding': 'gzip' });
      assert.equal(gz.statusCode, 400);
      assert.equal((decodeAnswer('status', gz.rawPayload) as { code: number }).code, 3);
      const text = await post('/v1/logs', 'text/plain', 'hello');
      assert.equal(text.statusCode, 415);
      assert.equal(text.json().code, 3);
    });

    test('keys: wrong or missing -> 401 UNAUTHENTICATED Status; Basic with the key as password and X-API-Key accepted', async () => {
      const body = encodeRequest(exportOf('keys', [{ body: str('k') }]));
      const wrong = await post('/v1/logs', PROTO, body, { authorization: `Bearer dsk_${'A'.repeat(43)}` });
      assert.equal(wrong.statusCode, 401);
      assert.equal((decodeAnswer('status', wrong.rawPayload) as { code: number }).code, 16);
      const missing = await app.app.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/json' }, payload: '{}' });
      assert.equal(missing.statusCode, 401);
      assert.equal(missing.json().code, 16);
      assert.match(missing.json().message, /MISSING_API_KEY/);
      const basic = await post('/v1/logs', PROTO, body, { authorization: `Basic ${Buffer.from(`otel:${project.key}`).toString('base64')}` });
      assert.equal(basic.statusCode, 200);
      const header = await app.app.inject({ method: 'POST', url: '/v1/logs', headers: { 'x-api-key': project.key, 'content-type': PROTO }, payload: body });
      assert.equal(header.statusCode, 200);
      assert.equal((await list('keys')).length, 2);
    });
  });
}

describe('OTLP/HTTP rate limit', () => {
  const [backend] = backends();
  let app: App;
  after(async () => {
    await app.shutdown();
    await backend!.cleanup();
  });
  test('past the per-minute limit: 429 RESOURCE_EXHAUSTED with Retry-After, in protobuf', async () => {
    app = await makeApp(backend!, { DEVSMITH_RATE_LIMIT_PER_MINUTE: '1' });
    const admin = await setupAdmin(app);
    const project = await createProject(app, admin);
    const send = () => app.app.inject({ method: 'POST', url: '/v1/logs', headers: { authorization: `Bearer ${project.key}`, 'content-type': PROTO }, payload: encodeRequest(exportOf('rl', [{ body: str('r') }])) });
    assert.equal((await send()).statusCode, 200);
    const limited = await send();
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) >= 1, 'Retry-After');
    assert.equal((decodeAnswer('status', limited.rawPayload) as { code: number }).code, 8);
  });
});
