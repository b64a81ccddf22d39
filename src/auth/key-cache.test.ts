/** The ingest key cache on a real SQLite store: hits, invalidation, and a lookup racing an invalidation. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sqliteBackend } from '../store/contract/harness.js';
import type { Store } from '../store/types.js';
import { IngestKeyCache } from './key-cache.js';
import { hashSecret } from './secrets.js';

const backend = sqliteBackend();
after(() => backend.cleanup());

async function storeWithKey(key: string): Promise<{ store: Store; projectId: number }> {
  const store = await backend.fresh();
  const user = await store.createUser({ email: 'a@example.com', name: 'A', role: 'member', passwordHash: 'x' });
  const project = await store.createProject(
    { ownerId: user.id, name: 'app', slug: 'app', description: '', repositoryUrl: null, rateLimitPerMinute: null },
    hashSecret(key),
    'dsk_test',
  );
  return { store, projectId: project.id };
}

test('a cached key keeps answering until its project is invalidated, which is announced', async () => {
  const { store, projectId } = await storeWithKey('dsk_one');
  const announced: number[] = [];
  const cache = new IngestKeyCache(store);
  cache.broadcast = (id) => announced.push(id);
  assert.equal((await cache.lookup('dsk_one'))?.id, projectId);
  await store.replaceProjectKey(projectId, hashSecret('dsk_two'), 'dsk_two');
  assert.equal((await cache.lookup('dsk_one'))?.id, projectId, 'served from the cache within its TTL');
  cache.invalidateProject(projectId);
  assert.equal(await cache.lookup('dsk_one'), null);
  assert.deepEqual(announced, [projectId]);
  cache.dropProject(projectId); // a change announced by another instance is not announced again
  assert.deepEqual(announced, [projectId]);
});

test('a lookup that read the store before an invalidation does not cache what it read', async () => {
  const { store, projectId } = await storeWithKey('dsk_old');
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  // The real store, with its read held until the invalidation below has happened.
  const slow: Store = Object.create(store);
  slow.findProjectByKeyHash = async (hash) => {
    const found = await store.findProjectByKeyHash(hash);
    await gate;
    return found;
  };
  const cache = new IngestKeyCache(slow);
  const racing = cache.lookup('dsk_old');
  await store.replaceProjectKey(projectId, hashSecret('dsk_new'), 'dsk_new');
  cache.dropProject(projectId);
  release();
  assert.equal((await racing)?.id, projectId, 'the racing lookup answers with what it read');
  assert.equal(await cache.lookup('dsk_old'), null, 'but the old key was not cached');
});
