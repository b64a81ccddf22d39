import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { hashSecret } from '../../src/auth/secrets.js';
import { ADMIN, backends, cookieOf, createMember, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

for (const backend of backends()) {
  describe(`accounts (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    before(async () => {
      app = await makeApp(backend, { DEVSMITH_LOGIN_ATTEMPTS_PER_15MIN: '5' });
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const inject = (opts: InjectOptions) => app.app.inject(opts);

    test('first-run setup creates the admin once, with a secure HTTP-only SameSite cookie', async () => {
      assert.equal((await inject({ url: '/api/auth/status' })).json().setup_required, true);
      const weak = await inject({ method: 'POST', url: '/api/auth/setup', payload: { ...ADMIN, password: 'short' } });
      assert.equal(weak.statusCode, 400);
      const res = await inject({ method: 'POST', url: '/api/auth/setup', payload: ADMIN });
      assert.equal(res.statusCode, 201);
      assert.equal(res.json().user.role, 'admin');
      const setCookie = String(res.headers['set-cookie']);
      assert.match(setCookie, /HttpOnly/i);
      assert.match(setCookie, /SameSite=Lax/i);
      admin = { cookie: cookieOf(res.headers['set-cookie']), userId: res.json().user.id };
      const again = await inject({ method: 'POST', url: '/api/auth/setup', payload: { ...ADMIN, email: 'x@example.com' } });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'SETUP_COMPLETE');
      assert.equal((await inject({ url: '/api/auth/status' })).json().setup_required, false);
    });

    test('login, me, logout; a logged-out session is refused', async () => {
      const bad = await inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN.email, password: 'wrong password' } });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().code, 'INVALID_CREDENTIALS');
      await new Promise((r) => setTimeout(r, 300)); // after a failure, the same address waits 0.25 s
      const res = await inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN.email.toUpperCase(), password: ADMIN.password } });
      assert.equal(res.statusCode, 200);
      const cookie = cookieOf(res.headers['set-cookie']);
      assert.equal((await inject({ url: '/api/auth/me', headers: { cookie } })).json().user.email, ADMIN.email);
      assert.equal((await inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode, 204);
      const after = await inject({ url: '/api/auth/me', headers: { cookie } });
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().code, 'UNAUTHENTICATED');
    });

    test('an expired session is refused', async () => {
      const id = 'expired-session-id-for-the-test';
      await app.services.store.createSession(hashSecret(id), { userId: admin.userId, expiresAt: Date.now() - 1000 });
      const res = await inject({ url: '/api/auth/me', headers: { cookie: `devsmith_session=${id}` } });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'UNAUTHENTICATED');
    });

    test('user API tokens: shown once, usable as Bearer, listed by prefix only, revocable', async () => {
      const created = await inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie: admin.cookie }, payload: { name: 'cli' } });
      assert.equal(created.statusCode, 201);
      const { token, id } = created.json();
      assert.match(token, /^dsu_[A-Za-z0-9_-]{43}$/);
      assert.equal((await inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
      const list = await inject({ url: '/api/auth/tokens', headers: { cookie: admin.cookie } });
      assert.ok(!list.body.includes(token), 'the token is never listed');
      assert.equal(list.json().data[0].prefix, token.slice(0, 12));
      assert.equal((await inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: { cookie: admin.cookie } })).statusCode, 204);
      assert.equal((await inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    });

    test('admins create and disable users; members cannot; disabling ends sessions', async () => {
      const member = await createMember(app, admin);
      assert.equal((await inject({ url: '/api/users', headers: { cookie: member.cookie } })).statusCode, 403);
      const dup = await inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload: { email: 'member@example.com', name: 'Dup', password: 'long enough pw' } });
      assert.equal(dup.statusCode, 409);
      const users = (await inject({ url: '/api/users', headers: { cookie: admin.cookie } })).json().data;
      assert.equal(users.length, 2);
      assert.ok(!JSON.stringify(users).includes('password'), 'no password hash in responses');
      const self = await inject({ method: 'PATCH', url: `/api/users/${admin.userId}`, headers: { cookie: admin.cookie }, payload: { disabled: true } });
      assert.equal(self.statusCode, 400, 'an admin cannot disable themselves');
      const off = await inject({ method: 'PATCH', url: `/api/users/${member.userId}`, headers: { cookie: admin.cookie }, payload: { disabled: true } });
      assert.equal(off.json().user.disabled, true);
      assert.equal((await inject({ url: '/api/auth/me', headers: { cookie: member.cookie } })).statusCode, 401);
      const login = await inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'member@example.com', password: 'member password 1' } });
      assert.equal(login.statusCode, 401);
    });

    test('login failures are limited per address, whichever accounts it tries', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        codes.push((await inject({ method: 'POST', url: '/api/auth/login', payload: { email: `victim${i}@example.com`, password: `guess ${i}` } })).statusCode);
      }
      // Earlier cases already failed twice from this IP: the allowance of 5 runs out before the 7th try.
      const firstBlocked = codes.indexOf(429);
      assert.ok(firstBlocked > 0 && firstBlocked <= 5, `blocked after at most 5 failures: ${codes}`);
      assert.ok(codes.slice(0, firstBlocked).every((c) => c === 401) && codes.slice(firstBlocked).every((c) => c === 429), String(codes));
      const blocked = await inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'victim@example.com', password: 'x' } });
      assert.equal(blocked.statusCode, 429);
      assert.equal(blocked.json().code, 'TOO_MANY_LOGIN_ATTEMPTS');
      assert.ok(Number(blocked.headers['retry-after']) > 0);
    });
  });
}
