/** Contract cases: saved views are per user, names unique per user, the count per user bounded. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SavedViewQuery } from '../explore-types.js';
import { StoreConflictError, type Store } from '../types.js';
import { type Backend, unique } from './harness.js';

const QUERY: SavedViewQuery = {
  q: 'level:error "timed out" -ctx.__proto__:x',
  project: ['shop', '12'],
  service: ['api'],
  level: ['ERROR', 'FATAL'],
  from: 'now-24h',
  to: null,
  columns: ['ctx.http.route', 'host'],
};

async function user(s: Store): Promise<number> {
  return (await s.createUser({ email: unique('v') + '@example.com', name: 'V', role: 'member', passwordHash: 'x' })).id;
}

export function savedViewCases(b: Backend): void {
  test('saved views: create, read, list by name, update, delete; only for their owner', async () => {
    const s = await b.fresh();
    const alice = await user(s);
    const bob = await user(s);
    const errors = await s.createView({ userId: alice, name: 'errors', query: QUERY }, 200);
    assert.ok(errors);
    assert.equal(errors.userId, alice);
    assert.deepEqual(errors.query, QUERY);
    assert.ok(errors.createdAt > 0 && errors.updatedAt === errors.createdAt);
    const all = await s.createView({ userId: alice, name: 'All', query: { ...QUERY, q: '', level: [] } }, 200);
    await s.createView({ userId: bob, name: 'errors', query: QUERY }, 200); // same name, another user: fine
    assert.deepEqual((await s.listViews(alice)).map((v) => v.name), ['All', 'errors']);
    assert.deepEqual(await s.getView(alice, errors.id), errors);
    assert.equal(await s.getView(bob, errors.id), null, 'another user never reads it');
    assert.equal(await s.updateView(bob, errors.id, { name: 'mine' }), null, 'nor changes it');
    assert.equal(await s.deleteView(bob, errors.id), false, 'nor deletes it');

    const renamed = await s.updateView(alice, errors.id, { name: 'Errors today' });
    assert.equal(renamed?.name, 'Errors today');
    assert.deepEqual(renamed?.query, QUERY, 'a rename keeps the query');
    const requeried = await s.updateView(alice, errors.id, { query: { ...QUERY, columns: [] } });
    assert.deepEqual(requeried?.query.columns, []);
    assert.equal(requeried?.name, 'Errors today');
    await assert.rejects(s.updateView(alice, errors.id, { name: 'All' }), StoreConflictError);
    await assert.rejects(s.createView({ userId: alice, name: 'All', query: QUERY }, 200), StoreConflictError);

    assert.equal(await s.deleteView(alice, all!.id), true);
    assert.equal(await s.deleteView(alice, all!.id), false);
    assert.equal(await s.getView(alice, all!.id), null);
    assert.equal(await s.getView(alice, 2_147_483_647), null);
  });

  test('saved views: at most maxPerUser per user, even when created concurrently', async () => {
    const s = await b.fresh();
    const alice = await user(s);
    const bob = await user(s);
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => s.createView({ userId: alice, name: `v${i}`, query: QUERY }, 5)));
    assert.equal(made.filter(Boolean).length, 5);
    assert.equal((await s.listViews(alice)).length, 5);
    assert.ok(await s.createView({ userId: bob, name: 'v0', query: QUERY }, 5), 'the bound is per user');
    assert.equal(await s.createView({ userId: alice, name: 'more', query: QUERY }, 5), null);
  });
}
