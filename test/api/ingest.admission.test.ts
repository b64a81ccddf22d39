/**
 * The order of checks on ingest: key → project → rate limit → body budget → body. Nothing of a body is read
 * (inflated, parsed) for a request its headers already refuse, and the memory of bodies in flight is bounded
 * by DEVSMITH_MAX_INFLIGHT_BODY_BYTES: past it 503 OVERLOADED, and whatever a request held is given back
 * when it ends, however it ends.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { TEXT_BYTE_COST } from '../../src/server/plugins/body-budget.js';
import { backends, createProject, entries, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const BOMB = gzipSync(Buffer.alloc(12 * MiB, 0x20)); // 12 KB on the wire, over the 10 MiB limit once inflated
const BAD_KEY = `dsk_${'A'.repeat(43)}`;

/** A valid batch of about `bytes` bytes of JSON, in entries of 1 KB. */
function batchText(bytes: number): string {
  const one = JSON.stringify({ level: 'info', message: 'x'.repeat(1000) });
  const n = Math.max(1, Math.round(bytes / (one.length + 1)));
  return `{"service_name":"adm","logs":[${Array.from({ length: n }, () => one).join(',')}]}`;
}

const post = (headers: Record<string, string>, payload: string | Buffer) => ({
  method: 'POST' as const,
  url: '/api/logs/batch',
  headers: { 'content-type': 'application/json', ...headers },
  payload,
});

const tick = () => new Promise((r) => setImmediate(r));

async function until(what: string, ok: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One keep-alive HTTP/1.1 connection driven by hand: partial bodies, several requests in turn. */
class RawConnection {
  private readonly socket: net.Socket;
  private buffered = '';
  private waiting: (() => void) | null = null;
  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => {
      this.buffered += d;
      this.waiting?.();
    });
    this.socket.on('error', () => {});
  }
  write(head: string, body: string | Buffer = ''): void {
    this.socket.write(head);
    if (body.length) this.socket.write(body);
  }
  /** The next complete response: status and body text. */
  async response(ms = 5000): Promise<{ status: number; body: string }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = this.buffered.slice(0, end);
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (this.buffered.length >= end + 4 + length) {
          const body = this.buffered.slice(end + 4, end + 4 + length);
          this.buffered = this.buffered.slice(end + 4 + length);
          return { status: Number(head.split(' ')[1]), body };
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no complete response within ${ms} ms (got ${JSON.stringify(this.buffered.slice(0, 200))})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }
  /** Resolves when the server ends the connection. */
  ended(ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readableEnded || this.socket.destroyed) return resolve();
      const t = setTimeout(() => reject(new Error(`the connection was still open after ${ms} ms`)), ms);
      this.socket.once('close', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  destroy(): void {
    this.socket.destroy();
  }
}

function head(key: string | null, length: number, extra = ''): string {
  const auth = key ? `Authorization: Bearer ${key}\r\n` : '';
  return `POST /api/logs/batch HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Content-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;
}

for (const backend of backends()) {
  describe(`ingest admission (${backend.name})`, () => {
    after(() => backend.cleanup());

    describe('headers are checked before the body is read', () => {
      let app: App;
      let admin: Session;
      let project: { id: number; slug: string; key: string };
      before(async () => {
        app = await makeApp(backend, { DEVSMITH_MAX_BODY_BYTES: String(64 * KiB) });
        admin = await setupAdmin(app);
        project = await createProject(app, admin, 'Admission');
      });
      after(() => app.shutdown());

      test('no key: a gzip bomb and a corrupt gzip body get 401, not 413 or 400', async () => {
        const bomb = await app.app.inject(post({ 'content-encoding': 'gzip' }, BOMB));
        assert.equal(bomb.statusCode, 401, bomb.body);
        assert.equal(bomb.json().code, 'MISSING_API_KEY');
        const corrupt = await app.app.inject(post({ 'content-encoding': 'gzip' }, Buffer.from('not gzip at all')));
        assert.equal(corrupt.statusCode, 401, corrupt.body);
      });

      test('a bad key: a body over the limit and malformed JSON get 401, not 413 or 400', async () => {
        const big = await app.app.inject(post({ authorization: `Bearer ${BAD_KEY}` }, batchText(100 * KiB)));
        assert.equal(big.statusCode, 401, big.body);
        assert.equal(big.json().code, 'INVALID_API_KEY');
        const malformed = await app.app.inject(post({ authorization: `Bearer ${BAD_KEY}` }, '{"logs": ['));
        assert.equal(malformed.statusCode, 401, malformed.body);
      });

      test('a deactivated project gets 403 and a rate-limited key 429 before the body is read', async () => {
        const p = await createProject(app, admin, 'Limited');
        const h = { cookie: admin.cookie };
        await app.app.inject({ method: 'PATCH', url: `/api/logs/projects/${p.id}`, headers: h, payload: { rate_limit_per_minute: 1 } });
        const first = await app.app.inject(post({ authorization: `Bearer ${p.key}` }, JSON.stringify({ service_name: 'a', logs: entries(1) })));
        assert.equal(first.statusCode, 201, first.body);
        const limited = await app.app.inject(post({ authorization: `Bearer ${p.key}`, 'content-encoding': 'gzip' }, BOMB));
        assert.equal(limited.statusCode, 429, limited.body);
        assert.equal(limited.json().code, 'RATE_LIMITED');
        await app.app.inject({ method: 'DELETE', url: `/api/logs/projects/${p.id}`, headers: h });
        const inactive = await app.app.inject(post({ authorization: `Bearer ${p.key}` }, '{"logs": ['));
        assert.equal(inactive.statusCode, 403, inactive.body);
        assert.equal(inactive.json().code, 'PROJECT_INACTIVE');
      });

      test('management routes authenticate before they parse: no session and a malformed body get 401', async () => {
        for (const [method, url] of [['POST', '/api/logs/projects'], ['PATCH', `/api/logs/projects/${project.id}`], ['POST', '/api/users'], ['POST', '/api/auth/tokens'], ['POST', '/api/views'], ['PATCH', '/api/views/1']] as const) {
          const res = await app.app.inject({ method, url, headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
          assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`);
        }
      });

      test('an unknown route answers 404 without parsing its body', async () => {
        for (const url of ['/api/nothing', '/some/page']) {
          const res = await app.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"a": [' });
          assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
          assert.equal(res.json().code, 'NOT_FOUND');
        }
      });

      test('sign-in bodies are limited to 16 KiB before anyone is signed in', async () => {
        const payload = JSON.stringify({ email: 'a@example.com', password: 'p', pad: 'x'.repeat(20 * KiB) });
        const res = await app.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
        assert.equal(res.statusCode, 413, res.body);
      });
    });

    describe('the body budget', () => {
      const BUDGET = 2 * MiB;
      let app: App;
      let admin: Session;
      let project: { id: number; slug: string; key: string };
      let port: number;
      before(async () => {
        app = await makeApp(backend, { DEVSMITH_MAX_INFLIGHT_BODY_BYTES: String(BUDGET) });
        admin = await setupAdmin(app);
        project = await createProject(app, admin, 'Budget');
        await app.app.listen({ port: 0, host: '127.0.0.1' });
        port = (app.app.server.address() as net.AddressInfo).port;
      });
      after(() => app.shutdown());
      const auth = () => ({ authorization: `Bearer ${project.key}` });

      test('past the budget: 503 OVERLOADED with Retry-After; an abort gives its share back', async () => {
        // A request that declared a body and sent only its first byte holds 3/4 of the budget.
        const holderLength = Math.floor((0.75 * BUDGET) / TEXT_BYTE_COST);
        const holder = new RawConnection(port);
        holder.write(head(project.key, holderLength), '{');
        await until('the holder to be charged', () => app.bodyBudget.inFlight > 0);
        assert.equal(app.bodyBudget.inFlight, holderLength * TEXT_BYTE_COST);

        const plain = await app.app.inject(post(auth(), batchText(Math.ceil((0.3 * BUDGET) / TEXT_BYTE_COST))));
        assert.equal(plain.statusCode, 503, plain.body);
        assert.equal(plain.json().code, 'OVERLOADED');
        assert.ok(Number(plain.headers['retry-after']) > 0, 'Retry-After');
        // Small on the wire, too large once inflated: refused while inflating.
        const zipped = await app.app.inject(post({ ...auth(), 'content-encoding': 'gzip' }, gzipSync(batchText(BUDGET / TEXT_BYTE_COST))));
        assert.equal(zipped.statusCode, 503, zipped.body);
        assert.equal(zipped.json().code, 'OVERLOADED');
        // Other routes' bodies count too (after their own authentication).
        const description = 'd'.repeat(Math.ceil((0.3 * BUDGET) / TEXT_BYTE_COST));
        const managed = await app.app.inject({ method: 'POST', url: '/api/logs/projects', headers: { cookie: admin.cookie }, payload: { name: 'Big', description } });
        assert.equal(managed.statusCode, 503, managed.body);
        await tick();
        assert.equal(app.bodyBudget.inFlight, holderLength * TEXT_BYTE_COST, 'the refused requests gave back what they took');

        holder.destroy();
        await until('the aborted request to release its share', () => app.bodyBudget.inFlight === 0);
        const again = await app.app.inject(post(auth(), batchText(Math.ceil((0.3 * BUDGET) / TEXT_BYTE_COST))));
        assert.equal(again.statusCode, 201, again.body);
      });

      test('a request alone in flight may be larger than the budget', async () => {
        const res = await app.app.inject(post(auth(), batchText(Math.ceil((1.5 * BUDGET) / TEXT_BYTE_COST))));
        assert.equal(res.statusCode, 201, res.body);
      });

      test('the budget is given back after every kind of answer', async () => {
        const cases: Array<[number, ReturnType<typeof post>]> = [
          [201, post(auth(), batchText(10 * KiB))],
          [201, post({ ...auth(), 'content-encoding': 'gzip' }, gzipSync(batchText(100 * KiB)))],
          [400, post(auth(), '{"logs": [')],
          [400, post({ ...auth(), 'content-encoding': 'gzip' }, Buffer.from('not gzip at all'))],
          [413, post({ ...auth(), 'content-encoding': 'gzip' }, BOMB)],
          [415, post({ ...auth(), 'content-type': 'text/plain', 'content-encoding': 'gzip' }, gzipSync('hello'))],
          [401, post({}, batchText(10 * KiB))],
        ];
        for (const [status, request] of cases) {
          const res = await app.app.inject(request);
          assert.equal(res.statusCode, status, res.body);
          await tick();
          assert.equal(app.bodyBudget.inFlight, 0, `held after a ${status}`);
        }
        const managed = await app.app.inject({ method: 'POST', url: '/api/logs/projects', headers: { cookie: admin.cookie }, payload: { name: 'Small' } });
        assert.equal(managed.statusCode, 201, managed.body);
        await tick();
        assert.equal(app.bodyBudget.inFlight, 0, 'held after a management request');
      });

      test('a body refused unread is dropped and the connection serves the next request', async () => {
        const conn = new RawConnection(port);
        try {
          const big = batchText(200 * KiB);
          conn.write(head(BAD_KEY, big.length), big);
          assert.equal((await conn.response()).status, 401);
          const ok = batchText(1 * KiB);
          conn.write(head(project.key, ok.length), ok);
          const res = await conn.response();
          assert.equal(res.status, 201, res.body);
        } finally {
          conn.destroy();
        }
      });

      test('bodies sent without Content-Length (chunked) are charged as they arrive and given back', async () => {
        const conn = new RawConnection(port);
        try {
          for (const [encoding, body] of [['identity', Buffer.from(batchText(50 * KiB))], ['gzip', gzipSync(batchText(50 * KiB))]] as const) {
            const chunked = `${body.length.toString(16)}\r\n${body.toString('latin1')}\r\n0\r\n\r\n`;
            conn.write(
              `POST /api/logs/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${project.key}\r\nContent-Type: application/json\r\n` +
                `Content-Encoding: ${encoding}\r\nTransfer-Encoding: chunked\r\n\r\n`,
              Buffer.from(chunked, 'latin1'),
            );
            const res = await conn.response();
            assert.equal(res.status, 201, `${encoding}: ${res.body}`);
          }
        } finally {
          conn.destroy();
        }
        await until('the chunked requests to give back their share', () => app.bodyBudget.inFlight === 0);
      });

      test('a body refused half-read (a gzip bomb) is answered, then the connection is closed, not left hanging', async () => {
        const conn = new RawConnection(port);
        try {
          conn.write(head(project.key, BOMB.length, 'Content-Encoding: gzip\r\n'), BOMB);
          assert.equal((await conn.response()).status, 413);
          await conn.ended();
        } finally {
          conn.destroy();
        }
        await until('the request to give back its share', () => app.bodyBudget.inFlight === 0);
      });
    });

    describe('the inflate gate: how many compressed bodies inflate at once', () => {
      // One slot, so 16 may wait (INFLATE_QUEUE_PER_SLOT); a generous memory budget, out of the way.
      let app: App;
      let project: { id: number; slug: string; key: string };
      let port: number;
      before(async () => {
        app = await makeApp(backend, { DEVSMITH_INFLATE_CONCURRENCY: '1' });
        project = await createProject(app, await setupAdmin(app), 'Gate');
        await app.app.listen({ port: 0, host: '127.0.0.1' });
        port = (app.app.server.address() as net.AddressInfo).port;
      });
      after(() => app.shutdown());
      const gzipHead = (length: number) => head(project.key, length, 'Content-Encoding: gzip\r\n');

      test('one inflates, 16 wait their turn, the next is refused 503 at once; identity bodies pass; all waiting are then stored', async () => {
        const body = gzipSync(batchText(20 * KiB));
        const holder = new RawConnection(port);
        const waiting = Array.from({ length: 16 }, () => new RawConnection(port));
        try {
          holder.write(gzipHead(body.length), body.subarray(0, 10)); // inflating, and stalled for the rest
          await until('the holder to take the slot', () => app.bodyBudget.inflate.stats.inflating === 1);
          for (const conn of waiting) conn.write(gzipHead(body.length), body);
          await until('16 to wait', () => app.bodyBudget.inflate.stats.waiting === 16);

          const refused = await app.app.inject(post({ authorization: `Bearer ${project.key}`, 'content-encoding': 'gzip' }, body));
          assert.equal(refused.statusCode, 503, refused.body);
          assert.equal(refused.json().code, 'OVERLOADED');
          assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After');
          const plain = await app.app.inject(post({ authorization: `Bearer ${project.key}` }, batchText(20 * KiB)));
          assert.equal(plain.statusCode, 201, `identity bodies do not inflate: ${plain.body}`);

          holder.write('', body.subarray(10));
          assert.equal((await holder.response()).status, 201);
          for (const conn of waiting) assert.equal((await conn.response()).status, 201);
          await until('the gate to empty', () => app.bodyBudget.inflate.stats.inflating === 0);
          assert.equal(app.bodyBudget.inflate.stats.waiting, 0);
        } finally {
          holder.destroy();
          for (const conn of waiting) conn.destroy();
        }
      });

      test('a client that leaves while it waits, or while it inflates, frees its place', async () => {
        const body = gzipSync(batchText(20 * KiB));
        const holder = new RawConnection(port);
        const leaver = new RawConnection(port);
        holder.write(gzipHead(body.length), body.subarray(0, 10));
        await until('the holder to take the slot', () => app.bodyBudget.inflate.stats.inflating === 1);
        leaver.write(gzipHead(body.length), body);
        await until('one to wait', () => app.bodyBudget.inflate.stats.waiting === 1);
        leaver.destroy();
        await until('the leaver to leave the queue', () => app.bodyBudget.inflate.stats.waiting === 0);
        holder.destroy();
        await until('the holder to free its slot', () => app.bodyBudget.inflate.stats.inflating === 0);
        const next = await app.app.inject(post({ authorization: `Bearer ${project.key}`, 'content-encoding': 'gzip' }, body));
        assert.equal(next.statusCode, 201, next.body);
        await until('the budget to be given back', () => app.bodyBudget.inFlight === 0);
      });
    });
  });
}
