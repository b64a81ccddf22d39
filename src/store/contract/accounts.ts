/** Contract cases: users, the first-user race, sessions and user API tokens. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreConflictError, type NewUser } from '../types.js';
import { type Backend, unique } from './harness.js';

const newUser = (over: Partial<NewUser> = {}): NewUser => ({
  email: `${unique('user')}@example.com`,
  name: 'Ada',
  role: 'member',
  passwordHash: '$argon2id$fake',
  ...over,
});

export function accountCases(b: Backend): void {
  test('users: create, read by id and email, list, update', async () => {
    const s = await b.fresh();
    assert.equal(await s.countUsers(), 0);
    const before = Date.now();
    const u = await s.createUser(newUser({ email: 'Ada@Example.com', name: 'Ada' }));
    assert.equal(typeof u.id, 'number');
    assert.deepEqual({ ...u, id: 0, createdAt: 0 }, { id: 0, email: 'Ada@Example.com', name: 'Ada', role: 'member', disabled: false, createdAt: 0 });
    assert.ok(u.createdAt >= before && u.createdAt <= Date.now());
    assert.deepEqual(await s.getUserById(u.id), u);
    assert.equal(await s.getUserById(u.id + 1000), null);
    const withPw = await s.getUserByEmail('ada@example.com');
    assert.equal(withPw?.id, u.id, 'email lookup ignores case');
    assert.equal(withPw?.passwordHash, '$argon2id$fake');
    assert.equal(await s.getUserByEmail('nobody@example.com'), null);
    const v = await s.createUser(newUser({ role: 'admin' }));
    assert.deepEqual((await s.listUsers()).map((x) => x.id), [u.id, v.id]);
    assert.equal(await s.countUsers(), 2);
    const updated = await s.updateUser(u.id, { disabled: true, role: 'admin' });
    assert.deepEqual(updated, { ...u, disabled: true, role: 'admin' });
    assert.deepEqual(await s.updateUser(u.id, { name: 'Grace' }), { ...u, disabled: true, role: 'admin', name: 'Grace' });
    assert.equal(await s.updateUser(99999, { name: 'x' }), null);
  });

  test('users: a duplicate email (any case) is a StoreConflictError', async () => {
    const s = await b.fresh();
    await s.createUser(newUser({ email: 'same@example.com' }));
    await assert.rejects(s.createUser(newUser({ email: 'same@example.com' })), StoreConflictError);
    await assert.rejects(s.createUser(newUser({ email: 'SAME@example.com' })), StoreConflictError);
    assert.equal(await s.countUsers(), 1);
  });

  test('createFirstUser: 10 concurrent setups create exactly one admin', async () => {
    const s = await b.fresh();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => s.createFirstUser(newUser({ email: `admin${i}@example.com`, role: 'admin' }))),
    );
    const created = results.filter((r) => r !== null);
    assert.equal(created.length, 1);
    assert.equal(created[0]!.role, 'admin');
    assert.equal(await s.countUsers(), 1);
    assert.equal(await s.createFirstUser(newUser({ role: 'admin' })), null, 'refused once a user exists');
  });

  test('sessions: create, get, delete one, delete all of a user', async () => {
    const s = await b.fresh();
    const u = await s.createUser(newUser());
    const w = await s.createUser(newUser());
    const exp = Date.now() + 3600_000;
    await s.createSession('h1', { userId: u.id, expiresAt: exp });
    await s.createSession('h2', { userId: u.id, expiresAt: exp + 1 });
    await s.createSession('h3', { userId: w.id, expiresAt: exp });
    assert.deepEqual(await s.getSession('h1'), { userId: u.id, expiresAt: exp });
    assert.equal(await s.getSession('unknown'), null);
    await s.deleteSession('h1');
    assert.equal(await s.getSession('h1'), null);
    assert.deepEqual(await s.getSession('h2'), { userId: u.id, expiresAt: exp + 1 });
    await s.deleteUserSessions(u.id);
    assert.equal(await s.getSession('h2'), null);
    assert.deepEqual(await s.getSession('h3'), { userId: w.id, expiresAt: exp }, "another user's session stays");
    const past = Date.now() - 1000;
    await s.createSession('expired', { userId: w.id, expiresAt: past });
    assert.deepEqual(await s.getSession('expired'), { userId: w.id, expiresAt: past }, 'expiry is for the caller to judge');
  });

  test('user tokens: create, find (touches lastUsedAt), list, delete only your own', async () => {
    const s = await b.fresh();
    const u = await s.createUser(newUser());
    const w = await s.createUser(newUser());
    const t1 = await s.createUserToken(u.id, 'cli', 'hash-1', 'dsu_AbCd');
    assert.deepEqual({ ...t1, id: 0, createdAt: 0 }, { id: 0, userId: u.id, name: 'cli', prefix: 'dsu_AbCd', createdAt: 0, lastUsedAt: null });
    const t2 = await s.createUserToken(u.id, 'ci', 'hash-2', 'dsu_EfGh');
    const found = await s.findUserToken('hash-1');
    assert.equal(found?.id, t1.id);
    assert.equal(found?.userId, u.id);
    assert.equal(await s.findUserToken('nope'), null);
    const listed = await s.listUserTokens(u.id);
    assert.deepEqual(listed.map((t) => t.id), [t1.id, t2.id]);
    assert.ok(listed[0]!.lastUsedAt !== null && listed[0]!.lastUsedAt >= t1.createdAt, 'lastUsedAt was touched');
    assert.equal(listed[1]!.lastUsedAt, null);
    assert.equal(await s.deleteUserToken(w.id, t1.id), false, "cannot delete another user's token");
    assert.equal(await s.deleteUserToken(u.id, t1.id), true);
    assert.equal(await s.deleteUserToken(u.id, t1.id), false);
    assert.equal(await s.findUserToken('hash-1'), null);
    assert.deepEqual((await s.listUserTokens(u.id)).map((t) => t.id), [t2.id]);
  });
}
