/**
 * Sign-in throttling through the route (docs/api.md, "Sign-in throttling"): wrong passwords slow down the
 * address that sent them and never lock the account for everyone else; X-Forwarded-For and
 * X-Forwarded-Proto count only from a trusted proxy (DEVSMITH_TRUST_PROXY).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Backend } from '../../src/store/contract/harness.js';
import { ADMIN, backends, makeApp, setupAdmin, type App } from '../helpers/app.js';

const login = (app: App, from: string, password: string, email = ADMIN.email, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: from, headers, payload: { email, password } });

for (const backend of backends()) {
  describe(`sign-in throttling (${backend.name})`, () => {
    after(() => backend.cleanup());
    directClients(backend);
    behindTrustedProxy(backend);
  });
}

function directClients(backend: Backend) {
  describe('clients connecting directly', () => {
    let app: App;
    before(async () => {
      app = await makeApp(backend); // the default allowance: 10 failures per address in 15 min
      await setupAdmin(app);
    });
    after(() => app.shutdown());

    test('a dozen wrong passwords do not lock the admin out: the right one from a clean address signs in', async () => {
      for (let i = 1; i <= 12; i++) assert.equal((await login(app, `10.0.1.${i}`, `guess ${i}`)).statusCode, 401, `guess ${i}`);
      const attacker = '10.0.0.66';
      assert.equal((await login(app, attacker, 'one more guess')).statusCode, 401);
      const again = await login(app, attacker, 'and another');
      assert.equal(again.statusCode, 429, 'the address that just failed must wait');
      assert.equal(again.json().code, 'TOO_MANY_LOGIN_ATTEMPTS');
      assert.equal((await login(app, '10.0.2.1', ADMIN.password)).statusCode, 200, 'the admin is locked out');
      assert.equal((await login(app, attacker, ADMIN.password)).statusCode, 429, 'the waiting address still waits');
    });

    test('an address is refused after its 10 failures, whichever accounts it tried', async () => {
      const sprayer = '10.0.3.1';
      for (let i = 0; i < 10; i++) assert.equal((await login(app, sprayer, 'password1234', `user${i}@example.com`)).statusCode, 401);
      const refused = await login(app, sprayer, ADMIN.password);
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 60, `Retry-After ${refused.headers['retry-after']}: the rest of the 15 min window`);
      assert.equal((await login(app, '10.0.3.2', ADMIN.password)).statusCode, 200, 'another address is not affected');
    });

    test("each failure on an account makes the failing address's next wait longer; other addresses are not slowed", async () => {
      const guess = (i: number) => login(app, `10.0.4.${i}`, 'wrong', 'target@example.com');
      for (let i = 1; i <= 3; i++) assert.equal((await guess(i)).statusCode, 401, `address ${i} is clean: not delayed`);
      const early = await guess(3); // the 3rd failure's wait: 1 s
      for (let i = 4; i <= 6; i++) assert.equal((await guess(i)).statusCode, 401, `address ${i} is clean: not delayed`);
      const late = await guess(6); // the 6th failure's wait: 8 s
      assert.equal(late.statusCode, 429);
      assert.equal(late.json().code, 'TOO_MANY_LOGIN_ATTEMPTS');
      const lateWait = Number(late.headers['retry-after']);
      assert.ok(lateWait >= 5 && lateWait <= 8, `Retry-After ${lateWait} after the 6th failure: 8 s, less the time since`);
      // The early retry came within its 1 s wait, unless the machine stalled for longer than that.
      if (early.statusCode === 429) assert.equal(Number(early.headers['retry-after']), 1);
    });

    test('once its wait has passed, an address may try again', async () => {
      const from = '10.0.5.1';
      assert.equal((await login(app, from, 'wrong', 'patient@example.com')).statusCode, 401);
      assert.equal((await login(app, from, 'wrong', 'patient@example.com')).statusCode, 429);
      await new Promise((r) => setTimeout(r, 400)); // the first failure's wait is 0.25 s
      assert.equal((await login(app, from, 'wrong', 'patient@example.com')).statusCode, 401);
    });

    test('without DEVSMITH_TRUST_PROXY, X-Forwarded-For is ignored: spoofing it does not evade the limit', async () => {
      for (let i = 0; i < 10; i++) {
        const res = await login(app, '10.0.6.1', 'password1234', `spoof${i}@example.com`, { 'x-forwarded-for': `203.0.113.${i}` });
        assert.equal(res.statusCode, 401);
      }
      const res = await login(app, '10.0.6.1', ADMIN.password, ADMIN.email, { 'x-forwarded-for': '203.0.113.99' });
      assert.equal(res.statusCode, 429);
    });

    test('without DEVSMITH_TRUST_PROXY, X-Forwarded-Proto: https does not make the auto cookie Secure', async () => {
      const res = await login(app, '10.0.6.2', ADMIN.password, ADMIN.email, { 'x-forwarded-proto': 'https' });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(String(res.headers['set-cookie']), /;\s*Secure/i);
    });
  });
}

function behindTrustedProxy(backend: Backend) {
  describe('behind a trusted proxy (DEVSMITH_TRUST_PROXY)', () => {
    let app: App;
    before(async () => {
      app = await makeApp(backend, { DEVSMITH_TRUST_PROXY: '127.0.0.1, 10.1.0.0/16' });
      await setupAdmin(app);
    });
    after(() => app.shutdown());

    test("the client's address comes from X-Forwarded-For: each client has its own allowance", async () => {
      for (let i = 0; i < 12; i++) {
        const res = await login(app, '10.1.0.1', 'password1234', `user${i}@example.com`, { 'x-forwarded-for': `203.0.113.${i}` });
        assert.equal(res.statusCode, 401, `client ${i} has failed once only`);
      }
      for (let i = 0; i < 10; i++) await login(app, '10.1.0.1', 'password1234', `other${i}@example.com`, { 'x-forwarded-for': '198.51.100.7' });
      const refused = await login(app, '10.1.0.2', ADMIN.password, ADMIN.email, { 'x-forwarded-for': '198.51.100.7' });
      assert.equal(refused.statusCode, 429, 'the forwarded address is the one that is limited');
    });

    test('the auto cookie is Secure when the trusted proxy says https, not when an untrusted peer does', async () => {
      const viaProxy = await login(app, '127.0.0.1', ADMIN.password, ADMIN.email, { 'x-forwarded-proto': 'https' });
      assert.equal(viaProxy.statusCode, 200);
      assert.match(String(viaProxy.headers['set-cookie']), /;\s*Secure/i);
      const direct = await login(app, '192.0.2.1', ADMIN.password, ADMIN.email, { 'x-forwarded-proto': 'https' });
      assert.equal(direct.statusCode, 200);
      assert.doesNotMatch(String(direct.headers['set-cookie']), /;\s*Secure/i);
    });
  });
}
