/**
 * Input at the edges of its type (issue 9, items 4-7): names that are Object.prototype properties, times
 * outside the Date range, ids outside their column's range. Each must answer 4xx (or match literally),
 * never 500 nor a silently unfiltered answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

for (const backend of backends()) {
  describe(`input bounds (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let p: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      p = await createProject(app, admin);
      const logs = [
        { level: 'INFO', message: 'plain', context: { a: 1 } },
        { level: 'WARN', message: 'proto', context: JSON.parse('{"__proto__": "x", "constructor": "y"}') },
      ];
      const res = await app.app.inject(batch(p.key, { service_name: 'api', logs }));
      assert.equal(res.statusCode, 201, res.body);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const get = (url: string) => app.app.inject({ url, headers: { cookie: admin.cookie } });

    test('level names that are Object.prototype properties are refused on ingest and in queries', async () => {
      for (const level of PROTO_NAMES) {
        const res = await app.app.inject(batch(p.key, { service_name: 'api', logs: [{ level, message: 'm' }] }));
        assert.equal(res.statusCode, 400, `ingest level ${level}: ${res.body}`);
        assert.match(res.body, /unknown level/);
        const q = await get(`/api/logs?project=${p.slug}&level=${level}`);
        assert.equal(q.statusCode, 400, `query level ${level}: ${q.body}`);
        assert.equal(q.json().code, 'VALIDATION_FAILED');
      }
    });

    test('ctx.__proto__ and ctx.constructor match the context key literally', async () => {
      const proto = await get(`/api/logs?project=${p.slug}&ctx.__proto__=x`);
      assert.equal(proto.statusCode, 200, proto.body);
      assert.deepEqual(proto.json().data.map((l: { message: string }) => l.message), ['proto']);
      const none = await get(`/api/logs/count?project=${p.slug}&ctx.__proto__=nope`);
      assert.equal(none.json().count, 0);
      const ctor = await get(`/api/logs/count?project=${p.slug}&ctx.constructor=y`);
      assert.equal(ctor.json().count, 1);
      const nested = await get(`/api/logs/count?project=${p.slug}&ctx.a.__proto__=1`);
      assert.equal(nested.json().count, 0);
    });

    test('interval units that are Object.prototype properties are refused', async () => {
      const res = await get(`/api/logs/histogram?project=${p.slug}&interval=5constructor`);
      assert.equal(res.statusCode, 400);
    });

    test('times outside the valid range answer 400 on every endpoint that takes a time', async () => {
      const bad = ['9999999999999999', '8640000000000001', '+275760-09-14T00:00:00Z', '-271821-04-19T00:00:00Z', '10000-01-01T00:00:00Z'];
      for (const path of ['/api/logs', '/api/logs/count', '/api/logs/histogram', '/api/logs/stream']) {
        for (const t of bad) {
          for (const name of ['from', 'to']) {
            const res = await get(`${path}?project=${p.slug}&${name}=${encodeURIComponent(t)}`);
            assert.equal(res.statusCode, 400, `${path} ${name}=${t}: ${res.body}`);
            assert.equal(res.json().code, 'VALIDATION_FAILED');
          }
        }
      }
      // The widest valid range still answers, and the histogram keeps its buckets bounded.
      const wide = await get(`/api/logs/histogram?project=${p.slug}&from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z`);
      assert.equal(wide.statusCode, 200, wide.body);
      assert.ok(wide.json().buckets.length <= 61);
      const earliestTo = await get(`/api/logs/histogram?project=${p.slug}&to=0000-01-01T00:00:00Z`);
      assert.equal(earliestTo.statusCode, 200, earliestTo.body);
      const tooFine = await get(`/api/logs/histogram?project=${p.slug}&from=0&to=9999-12-31T00:00:00Z&interval=1s`);
      assert.equal(tooFine.statusCode, 400);
    });

    test('limits and counts outside their range answer 400', async () => {
      for (const url of [
        `/api/logs?project=${p.slug}&limit=-1`,
        `/api/logs?project=${p.slug}&limit=0`,
        `/api/logs?project=${p.slug}&limit=99999999999999999999`,
        `/api/logs/1/context?before=-1`,
        `/api/logs/1/context?after=99999999999`,
        `/api/logs/histogram?project=${p.slug}&interval=0s`,
        `/api/logs/histogram?project=${p.slug}&interval=9999999d`,
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      }
    });

    test('ids above their column range answer 4xx, never 500', async () => {
      const bigCursor = Buffer.from(JSON.stringify([Date.now(), '9999999999999999999'])).toString('base64url');
      const cursor = await get(`/api/logs?project=${p.slug}&cursor=${bigCursor}`);
      assert.equal(cursor.statusCode, 400, cursor.body);
      assert.equal(cursor.json().code, 'INVALID_CURSOR');
      const maxCursor = Buffer.from(JSON.stringify([Date.now(), '9223372036854775807'])).toString('base64url');
      assert.equal((await get(`/api/logs?project=${p.slug}&cursor=${maxCursor}`)).statusCode, 200);
      for (const id of ['9223372036854775808', '9999999999999999999']) {
        const ctx = await get(`/api/logs/${id}/context`);
        assert.equal(ctx.statusCode, 404, `context ${id}: ${ctx.body}`);
      }
      // Last-Event-ID is covered in test/server/tail-access.test.ts: the stream needs a real connection.
      for (const id of ['2147483648', '99999999999', '999999999999999']) {
        for (const url of [`/api/logs/projects/${id}`, `/api/logs?project=${id}`, `/api/logs/services?project=${id}`]) {
          const res = await get(url);
          assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
        }
        const user = await app.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { cookie: admin.cookie }, payload: { name: 'x' } });
        assert.ok(user.statusCode === 400 || user.statusCode === 404, `PATCH /api/users/${id}: ${user.statusCode} ${user.body}`);
        const token = await app.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: { cookie: admin.cookie } });
        assert.ok(token.statusCode === 400 || token.statusCode === 404, `DELETE /api/auth/tokens/${id}: ${token.statusCode} ${token.body}`);
      }
    });

    test('a member is refused the same way for an id out of range', async () => {
      const member = await createMember(app, admin);
      const res = await app.app.inject({ url: '/api/logs/projects/2147483648', headers: { cookie: member.cookie } });
      assert.equal(res.statusCode, 404);
    });
  });
}
