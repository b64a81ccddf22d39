/**
 * Loki push end to end, on both stores. No Promtail, Alloy, Fluent Bit or Vector binary can be installed here
 * (none is in Debian 12 or the package registries), so these tests REPLAY the request bodies those shippers
 * send, as their documentation and source show them:
 * - Fluent Bit `loki` output: JSON push, `line_format json` (the record as a JSON line, text in "log"),
 *   `labels job=fluentbit`, `http_user`/`http_passwd` as Basic authentication, `compress gzip`.
 * - Promtail / Grafana Alloy: logproto.PushRequest in protobuf, Snappy block format, Content-Type
 *   application/x-protobuf. Encoded here field by field with protobufjs's Writer from the field numbers of
 *   Loki's push.proto (not from our own .proto, so a wrong number there fails here) and snappyjs.
 * - Vector `loki` sink with `encoding.codec = "json"` and structured metadata: JSON push with a third member.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import { backends, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const PUSH = '/loki/api/v1/push';
const nowNs = (offsetMs = 0) => `${BigInt(Date.now() - offsetMs) * 1_000_000n + 123_456n}`;

/** Promtail's encoding: PushRequest{streams=1{labels=1, entries=2{timestamp=1{seconds=1,nanos=2}, line=2, structuredMetadata=3{name=1,value=2}}}}. */
function promtailBody(streams: Array<{ labels: string; entries: Array<{ ms: number; line: string; metadata?: Record<string, string> }> }>): Buffer {
  const w = protobuf.Writer.create();
  for (const s of streams) {
    w.uint32((1 << 3) | 2).fork();
    w.uint32((1 << 3) | 2).string(s.labels);
    for (const e of s.entries) {
      w.uint32((2 << 3) | 2).fork();
      w.uint32((1 << 3) | 2).fork().uint32((1 << 3) | 0).int64(Math.floor(e.ms / 1000)).uint32((2 << 3) | 0).int32((e.ms % 1000) * 1_000_000).ldelim();
      w.uint32((2 << 3) | 2).string(e.line);
      for (const [name, value] of Object.entries(e.metadata ?? {})) {
        w.uint32((3 << 3) | 2).fork().uint32((1 << 3) | 2).string(name).uint32((2 << 3) | 2).string(value).ldelim();
      }
      w.ldelim();
    }
    w.ldelim();
  }
  return Buffer.from(snappy.compress(w.finish()));
}

for (const backend of backends()) {
  describe(`Loki push (${backend.name})`, () => {
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
      const res = await app.app.inject({ url: `/api/logs?project=${project.slug}&service=${service}&from=2000-01-01T00:00:00Z&limit=100`, headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().data as Array<Record<string, any>>;
    };
    const basic = () => `Basic ${Buffer.from(`devsmith:${project.key}`).toString('base64')}`;

    test('Fluent Bit loki output (JSON, line_format json, Basic auth): 204, labels and the record mapped', async () => {
      const ns = nowNs(60_000);
      const payload = { streams: [{ stream: { job: 'fluentbit', env: 'prod', pod: 'web-7' }, values: [
        [ns, JSON.stringify({ log: 'GET /health 200\n', stream: 'stdout' })],
        [ns, JSON.stringify({ log: '[error] upstream timed out', stream: 'stderr' })],
      ] }] };
      const res = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: basic(), 'content-type': 'application/json' }, payload });
      assert.equal(res.statusCode, 204, res.body);
      const logs = await list('fluentbit');
      assert.equal(logs.length, 2);
      const ok = logs.find((l) => l.message === 'GET /health 200')!;
      assert.ok(ok, JSON.stringify(logs));
      assert.equal(ok.level, 'INFO');
      assert.equal(ok.environment, 'prod');
      assert.deepEqual(ok.context, { stream: 'stdout', pod: 'web-7' });
      assert.equal(Date.parse(ok.timestamp), Number(BigInt(ns) / 1_000_000n));
      assert.equal(logs.find((l) => l.message.includes('upstream'))!.level, 'ERROR');
    });

    test('gzip JSON (Fluent Bit compress gzip) and Vector structured metadata: level, trace id and metadata', async () => {
      const payload = { streams: [{ stream: { service_name: 'checkout', detected_level: 'warn' }, values: [
        [nowNs(), 'card declined', { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', region: 'eu' }],
      ] }] };
      const res = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync(JSON.stringify(payload)) });
      assert.equal(res.statusCode, 204, res.body);
      const [log] = await list('checkout');
      assert.equal(log!.level, 'WARN');
      assert.equal(log!.trace_id, '4bf92f3577b34da6a3ce929d0e0e4736');
      assert.deepEqual(log!.context, { region: 'eu' });
    });

    test('Promtail protobuf (Snappy): streams, label escapes, a JSON line read like devsmith send', async () => {
      const ms = Date.now() - 5_000;
      const body = promtailBody([
        { labels: '{app="billing", filename="/var/log/app \\"x\\".log", level="error"}', entries: [{ ms, line: 'charge failed' }] },
        { labels: '{job="default/worker"}', entries: [{ ms, line: JSON.stringify({ level: 'warn', msg: 'queue slow', depth: 42 }), metadata: { pod: 'w-1' } }] },
      ]);
      const res = await app.app.inject({ method: 'POST', url: PUSH, headers: { 'x-api-key': project.key, 'content-type': 'application/x-protobuf' }, payload: body });
      assert.equal(res.statusCode, 204, res.body);
      const [billing] = await list('billing');
      assert.equal(billing!.level, 'ERROR');
      assert.equal(billing!.message, 'charge failed');
      assert.equal(Date.parse(billing!.timestamp), ms);
      assert.deepEqual(billing!.context, { filename: '/var/log/app "x".log' });
      const [worker] = await list('default/worker');
      assert.equal(worker!.level, 'WARN');
      assert.equal(worker!.message, 'queue slow');
      assert.deepEqual(worker!.context, { depth: 42, pod: 'w-1' });
    });

    test('Vector loki sink: protobuf labelled Content-Encoding: snappy', async () => {
      const body = promtailBody([{ labels: '{service_name="vector-loki"}', entries: [{ ms: Date.now(), line: 'via vector' }] }]);
      const res = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: basic(), 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' }, payload: body });
      assert.equal(res.statusCode, 204, res.body);
      assert.equal((await list('vector-loki'))[0]!.message, 'via vector');
      const json = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: basic(), 'content-type': 'application/json', 'content-encoding': 'snappy' }, payload: '{}' });
      assert.equal(json.statusCode, 415, 'Snappy is the protobuf framing only');
    });

    test('partial failure: the valid lines are stored; 400 text/plain names each refused line by stream and line', async () => {
      const payload = { streams: [
        { stream: { app: 'partial' }, values: [[nowNs(), 'good one'], ['yesterday', 'bad time'], [nowNs(), 'x'.repeat(2000)]] },
        { stream: { app: 'partial' }, values: [[nowNs(), 'good two']] },
        { stream: { app: 's'.repeat(300) }, values: [[nowNs(), 'service too long']] },
      ] };
      const res = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: basic() }, payload });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      assert.match(res.body, /^Stored 2 of 5 lines; 3 refused/);
      assert.match(res.body, /stream 2 line 0: service is longer than 256 characters/);
      assert.match(res.body, /stream 0 line 1: the timestamp must be a string of epoch nanoseconds/);
      assert.match(res.body, /stream 0 line 2: entry is larger than 1024 bytes/);
      assert.deepEqual((await list('partial')).map((l) => l.message).sort(), ['good one', 'good two']);
    });

    test('bad requests: malformed JSON, not Snappy, not a push; nothing stored; an empty push is 204', async () => {
      const headers = { authorization: `Bearer ${project.key}`, 'content-type': 'application/json' };
      const bad = await app.app.inject({ method: 'POST', url: PUSH, headers, payload: '{"streams": [' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'INVALID_JSON');
      const shape = await app.app.inject({ method: 'POST', url: PUSH, headers, payload: [{ message: 'x' }] });
      assert.equal(shape.statusCode, 400);
      assert.match(shape.json().detail, /streams/);
      const snappyBad = await app.app.inject({ method: 'POST', url: PUSH, headers: { ...headers, 'content-type': 'application/x-protobuf' }, payload: Buffer.from('not snappy at all') });
      assert.equal(snappyBad.statusCode, 400, snappyBad.body);
      assert.match(snappyBad.json().detail, /Snappy|PushRequest/);
      const empty = await app.app.inject({ method: 'POST', url: PUSH, headers, payload: { streams: [] } });
      assert.equal(empty.statusCode, 204);
      const allBad = await app.app.inject({ method: 'POST', url: PUSH, headers, payload: { streams: [{ stream: { app: 'none' }, values: [[nowNs(), 'y'.repeat(3000)]] }] } });
      assert.equal(allBad.statusCode, 400);
      assert.match(allBad.body, /^Stored 0 of 1 lines; 1 refused[^\n]*\nstream 0 line 0: entry is larger/);
    });

    test('Idempotency-Key: a resent push replays its answer and stores nothing twice', async () => {
      const payload = { streams: [{ stream: { app: 'idem' }, values: [[nowNs(), 'once']] }] };
      const headers = { authorization: `Bearer ${project.key}`, 'idempotency-key': 'promtail-batch-1' };
      const first = await app.app.inject({ method: 'POST', url: PUSH, headers, payload });
      assert.equal(first.statusCode, 204, first.body);
      const again = await app.app.inject({ method: 'POST', url: PUSH, headers, payload });
      assert.equal(again.statusCode, 204);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal((await list('idem')).length, 1);
    });

    test('a "__proto__" label or metadata key is stored as data', async () => {
      const payload = `{"streams":[{"stream":{"app":"proto","__proto__":"label"},"values":[["${nowNs()}","x",{"__proto__":"meta"}]]}]}`;
      const res = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/json' }, payload });
      assert.equal(res.statusCode, 204, res.body);
      const [log] = await list('proto');
      assert.equal(Object.getOwnPropertyDescriptor(log!.context, '__proto__')?.value, 'meta');
    });

    test('auth: no key 401, a wrong key 401, ApiKey accepted', async () => {
      const payload = { streams: [{ stream: { app: 'auth' }, values: [[nowNs(), 'hi']] }] };
      const none = await app.app.inject({ method: 'POST', url: PUSH, payload });
      assert.equal(none.statusCode, 401);
      const wrong = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: `Basic ${Buffer.from(`u:dsk_${'A'.repeat(43)}`).toString('base64')}` }, payload });
      assert.equal(wrong.statusCode, 401);
      const apiKey = await app.app.inject({ method: 'POST', url: PUSH, headers: { authorization: `ApiKey ${project.key}` }, payload });
      assert.equal(apiKey.statusCode, 204);
    });
  });
}
