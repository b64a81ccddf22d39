// POST /api/logs/batch with a bare JSON array of entries and with NDJSON (generic HTTP outputs: Vector's
// `http` sink, Fluent Bit's `http` output, curl): service from ?service= or each entry, per-entry rejections.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { backends, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

for (const backend of backends()) {
  describe(`bare JSON array and NDJSON batches (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { slug: string; key: string };
    before(async () => {
      app = await makeApp(backend, { DEVSMITH_MAX_BATCH_ENTRIES: '5' });
      admin = await setupAdmin(app);
      project = await createProject(app, admin);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });

    const post = (url: string, type: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
      app.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${project.key}`, 'content-type': type, ...headers }, payload });
    const list = async (service: string) =>
      (await app.app.inject({ url: `/api/logs?project=${project.slug}&service=${service}&limit=100`, headers: { cookie: admin.cookie } })).json().data as Array<{ message: string; level: string; service: string; context: Record<string, unknown> }>;

    test('a bare array with ?service=: 201, stored under that service; an entry may name its own', async () => {
      const res = await post('/api/logs/batch?service=arr', 'application/json', JSON.stringify([
        { level: 'info', message: 'one', context: { k: 1 } },
        { level: 'warn', message: 'two', service_name: 'arr-own' },
        { level: 'error', log: 'three (Docker and Fluent Bit key)' },
      ]));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().count, 3);
      assert.deepEqual((await list('arr')).map((l) => l.message).sort(), ['one', 'three (Docker and Fluent Bit key)']);
      assert.deepEqual((await list('arr-own')).map((l) => l.message), ['two']);
      assert.deepEqual((await list('arr')).find((l) => l.message === 'one')!.context, { k: 1 });
    });

    test('a bare array without ?service=: entries without a service are refused by index, the others stored', async () => {
      const res = await post('/api/logs/batch', 'application/json', JSON.stringify([
        { level: 'info', message: 'named', service: 'svc-a' },
        { level: 'info', message: 'anonymous' },
        'not an object',
        { level: 'nope', message: 'bad level', service: 'svc-a' },
      ]));
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.count, 1);
      assert.deepEqual(body.rejected.map((r: { index: number }) => r.index), [1, 2, 3]);
      assert.match(body.rejected[0].reason, /\?service=/);
      assert.deepEqual((await list('svc-a')).map((l) => l.message), ['named']);
    });

    test('NDJSON: one entry per line (CRLF too), a bad line refused with index = line - 1', async () => {
      const lines = [
        JSON.stringify({ level: 'info', message: 'nd 1' }),
        '{"level": "info", "message": broken',
        JSON.stringify({ level: 'error', message: 'nd 3', context: { line: 3 } }),
        '',
        JSON.stringify({ level: 'debug', message: 'nd 5' }),
      ];
      const res = await post('/api/logs/batch?service=nd', 'application/x-ndjson', lines.join('\r\n') + '\n');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.count, 3);
      assert.deepEqual(body.rejected.map((r: { index: number }) => r.index), [1, 3]);
      assert.match(body.rejected[0].reason, /line 2 is not JSON/);
      assert.match(body.rejected[1].reason, /line 4 is empty/);
      const stored = await list('nd');
      assert.deepEqual(stored.map((l) => l.message).sort(), ['nd 1', 'nd 3', 'nd 5']);
      assert.deepEqual(stored.find((l) => l.message === 'nd 3')!.context, { line: 3 });
    });

    test('NDJSON gzip-compressed, with an Idempotency-Key replayed', async () => {
      const body = gzipSync([1, 2].map((i) => JSON.stringify({ level: 'info', message: `gz ${i}`, service: 'ndgz' })).join('\n'));
      const headers = { 'content-encoding': 'gzip', 'idempotency-key': 'nd-once' };
      const first = await post('/api/logs/batch', 'application/x-ndjson', body, headers);
      assert.equal(first.statusCode, 201, first.body);
      const again = await post('/api/logs/batch', 'application/x-ndjson', body, headers);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal((await list('ndgz')).length, 2, 'not stored twice');
    });

    test('whole-request refusals: empty array or body, too many entries, a bad ?service=', async () => {
      const empty = await post('/api/logs/batch?service=x', 'application/json', '[]');
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().code, 'NO_VALID_ENTRIES');
      const blank = await post('/api/logs/batch?service=x', 'application/x-ndjson', '\n\n');
      assert.equal(blank.json().code, 'NO_VALID_ENTRIES');
      const many = await post('/api/logs/batch?service=x', 'application/x-ndjson', Array(6).fill('{"level":"info","message":"m"}').join('\n'));
      assert.equal(many.statusCode, 413);
      assert.equal(many.json().code, 'TOO_MANY_ENTRIES');
      const longName = await post(`/api/logs/batch?service=${'s'.repeat(300)}`, 'application/json', '[{"level":"info","message":"m"}]');
      assert.equal(longName.statusCode, 400);
      assert.equal(longName.json().code, 'BAD_REQUEST');
      const allBad = await post('/api/logs/batch', 'application/x-ndjson', 'nope\n{"level":"info","message":"no service"}');
      assert.equal(allBad.statusCode, 400);
      assert.equal(allBad.json().code, 'NO_VALID_ENTRIES');
    });

    test('our envelope still works, and ?service= fills a missing service_name', async () => {
      const res = await post('/api/logs/batch?service=env-q', 'application/json', JSON.stringify({ logs: [{ level: 'info', message: 'e' }] }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await list('env-q')).length, 1);
      const missing = await post('/api/logs/batch', 'application/json', JSON.stringify({ logs: [{ level: 'info', message: 'e' }] }));
      assert.equal(missing.statusCode, 400);
    });
  });
}
