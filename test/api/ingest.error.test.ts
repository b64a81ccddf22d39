import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createProject, entries, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

function assertProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, code: string) {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.ok(body.type && body.title && body.detail && body.request_id, 'problem fields present');
}

for (const backend of backends()) {
  describe(`ingest errors (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend, { DEVSMITH_MAX_BODY_BYTES: String(1024 * 1024) });
      admin = await setupAdmin(app);
      project = await createProject(app, admin);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const count = async () => (await app.app.inject({ url: `/api/logs/count?project=${project.slug}`, headers: { cookie: admin.cookie } })).json().count;

    test('malformed JSON is 400 INVALID_JSON', async () => {
      const res = await app.app.inject({ method: 'POST', url: '/api/logs/batch', headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/json' }, payload: '{"logs": [' });
      assertProblem(res, 400, 'INVALID_JSON');
    });

    test('envelope problems are 400 with a reason', async () => {
      assertProblem(await app.app.inject(batch(project.key, { logs: entries(1) })), 400, 'BAD_REQUEST'); // no service_name
      assertProblem(await app.app.inject(batch(project.key, { service_name: 'a', logs: 'nope' })), 400, 'BAD_REQUEST');
      assertProblem(await app.app.inject(batch(project.key, { service_name: 'a', logs: [] })), 400, 'NO_VALID_ENTRIES');
      // A bare array is a batch of entries (issue 16); entries that are not objects are each refused.
      assertProblem(await app.app.inject(batch(project.key, [1, 2])), 400, 'NO_VALID_ENTRIES');
      assertProblem(await app.app.inject(batch(project.key, '"text"', { 'content-type': 'application/json' })), 400, 'BAD_REQUEST');
      assertProblem(await app.app.inject(batch(project.key, { service_name: { x: 1 }, logs: entries(1) })), 400, 'BAD_REQUEST');
    });

    test('wrong types in every entry: 400 NO_VALID_ENTRIES naming the first problem', async () => {
      const res = await app.app.inject(batch(project.key, { service_name: 'a', logs: [{ level: 3, message: 'x' }, { level: 'info', message: 5 }, 'str', null] }));
      assertProblem(res, 400, 'NO_VALID_ENTRIES');
      assert.match(res.json().detail, /entry 0/);
    });

    test('10,001 entries is 413 TOO_MANY_ENTRIES and stores nothing', async () => {
      const before = await count();
      const res = await app.app.inject(batch(project.key, { service_name: 'a', logs: entries(10_001) }));
      assertProblem(res, 413, 'TOO_MANY_ENTRIES');
      assert.equal(await count(), before);
    });

    test('a batch over the entry limit is refused before it is parsed (its count is read from the text)', async () => {
      const before = await count();
      // Cut short: JSON.parse would fail on it, so the 413 can only come from the count made before parsing.
      const text = JSON.stringify({ service_name: 'a', logs: entries(10_001) }).slice(0, -20);
      const res = await app.app.inject(batch(project.key, text, { 'content-type': 'application/json' }));
      assertProblem(res, 413, 'TOO_MANY_ENTRIES');
      assert.match(res.json().detail, /at most 10000 entries; this one has more/);
      assert.equal(await count(), before);
    });

    test('an oversized entry is refused by index; the others are stored', async () => {
      const res = await app.app.inject(batch(project.key, { service_name: 'big', logs: [{ level: 'info', message: 'ok' }, { level: 'info', message: 'y', context: { blob: 'z'.repeat(300 * 1024) } }] }));
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().rejected[0].index, 1);
      assert.match(res.json().rejected[0].reason, /larger than/);
    });

    test('context nested deeper than 20 is refused per entry', async () => {
      let deep: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < 25; i++) deep = { d: deep };
      const res = await app.app.inject(batch(project.key, { service_name: 'deep', logs: [{ level: 'info', message: 'ok' }, { level: 'info', message: 'deep', context: deep }] }));
      assert.equal(res.statusCode, 200);
      assert.match(res.json().rejected[0].reason, /deeper than 20/);
    });

    test('a body over the limit is 413; a gzip bomb is cut off while inflating', async () => {
      const big = JSON.stringify({ service_name: 'a', logs: [{ level: 'info', message: 'x'.repeat(2 * 1024 * 1024) }] });
      assertProblem(await app.app.inject({ ...batch(project.key, big), headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/json' } }), 413, 'PAYLOAD_TOO_LARGE');
      const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // ~50 KB on the wire, 50 MiB inflated
      assert.ok(bomb.length < 100_000);
      const res = await app.app.inject({ method: 'POST', url: '/api/logs/batch', headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: bomb });
      assertProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    test('corrupt gzip is 400, unknown encodings and content types are 415', async () => {
      const corrupt = await app.app.inject({ method: 'POST', url: '/api/logs/batch', headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: Buffer.from('not gzip at all') });
      assertProblem(corrupt, 400, 'INVALID_ENCODING');
      const br = await app.app.inject({ method: 'POST', url: '/api/logs/batch', headers: { authorization: `Bearer ${project.key}`, 'content-type': 'application/json', 'content-encoding': 'br' }, payload: Buffer.from('x') });
      assertProblem(br, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const text = await app.app.inject({ method: 'POST', url: '/api/logs/batch', headers: { authorization: `Bearer ${project.key}`, 'content-type': 'text/plain' }, payload: 'hello' });
      assertProblem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('rate limit: 429 with Retry-After and RateLimit headers; accepted requests carry them too', async () => {
      const limited = await makeApp(backend, { DEVSMITH_RATE_LIMIT_PER_MINUTE: '3' });
      try {
        const s = await setupAdmin(limited);
        const p = await createProject(limited, s);
        const codes: number[] = [];
        let last;
        for (let i = 0; i < 4; i++) {
          last = await limited.app.inject(batch(p.key, { service_name: 'a', logs: entries(1) }));
          codes.push(last.statusCode);
        }
        assert.deepEqual(codes, [201, 201, 201, 429]);
        assertProblem(last!, 429, 'RATE_LIMITED');
        assert.ok(Number(last!.headers['retry-after']) >= 1);
        assert.match(String(last!.headers['ratelimit-policy']), /q=3;w=60/);
        assert.match(String(last!.headers.ratelimit), /r=0;t=\d+/);
        // A per-project limit overrides the default.
        await limited.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: { cookie: s.cookie }, payload: { rate_limit_per_minute: 100 } });
        const after = await limited.app.inject(batch(p.key, { service_name: 'a', logs: entries(1) }));
        assert.equal(after.statusCode, 201);
        assert.match(String(after.headers['ratelimit-policy']), /q=100;w=60/);
      } finally {
        await limited.shutdown();
      }
    });

    test('full write queue answers 503 with Retry-After instead of growing without bound', async () => {
      const small = await makeApp(backend, { DEVSMITH_WRITE_QUEUE_MAX_ROWS: '100', DEVSMITH_RATE_LIMIT_PER_MINUTE: '100000' });
      try {
        const s = await setupAdmin(small);
        const p = await createProject(small, s);
        const results = await Promise.all(Array.from({ length: 40 }, () => small.app.inject(batch(p.key, { service_name: 'q', logs: entries(100) }))));
        const codes = new Set(results.map((r) => r.statusCode));
        assert.ok([...codes].every((c) => c === 201 || c === 503), `only 201 and 503, got ${[...codes]}`);
        const refused = results.filter((r) => r.statusCode === 503);
        assert.ok(refused.length > 0, 'some requests were refused');
        assert.equal(refused[0]!.json().code, 'OVERLOADED');
        assert.equal(refused[0]!.headers['retry-after'], '1');
        const stored = (await small.app.inject({ url: `/api/logs/count?project=${p.slug}`, headers: { cookie: s.cookie } })).json().count;
        assert.equal(stored, results.filter((r) => r.statusCode === 201).length * 100, 'every 201 is stored');
      } finally {
        await small.shutdown();
      }
    });
  });
}

describe('a refused content type with a corrupt gzip body', () => {
  test('is answered 415 and the process keeps serving', async () => {
    const backend = backends()[0]!;
    const app = await makeApp(backend);
    try {
      const s = await setupAdmin(app);
      const p = await createProject(app, s);
      await app.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.app.server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/api/logs/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.key}`, 'content-type': 'text/plain', 'content-encoding': 'gzip' },
        body: Buffer.from([96, 72, 2, 242, 149, 166, 82, 1, 146, 249]),
      });
      assert.equal(res.status, 415);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    } finally {
      await app.shutdown();
      await backend.cleanup();
    }
  });
});
