/**
 * A full write queue answers 503 with Retry-After instead of queueing without bound: a tiny queue
 * (DEVSMITH_WRITE_QUEUE_MAX_ROWS=100) under 32 concurrent 100-log batches. No other 5xx, and everything
 * acknowledged is stored.
 *   node --import tsx --test test/faults/overload.test.ts   (PostgreSQL too with TEST_DATABASE_URL)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.js';
import { missing, PG_MISSING, PG_URL, postgresBackend, SERVER_ENV, sqliteBackend, TaggedLoad, type Backend } from './support.js';

async function overload(backend: Backend): Promise<void> {
  const env = { ...SERVER_ENV, ...backend.env, DEVSMITH_WRITE_QUEUE_MAX_ROWS: '100' };
  const server = await startServer({ env, dataDir: backend.dataDir });
  try {
    const { apiKey } = await bootstrap(server.url);
    const load = new TaggedLoad('over', 100);
    await load.run(server.url, apiKey, { concurrency: 32, durationMs: 3000 });
    const refused = load.statuses.filter((s) => s.status === 503);
    const other5xx = load.statuses.filter((s) => s.status >= 500 && s.status !== 503);
    assert.equal(load.errors.length, 0, `requests failed without an answer: ${load.errors.slice(0, 3).join('; ')}`);
    assert.ok(refused.length > 0, 'no 503 although the queue holds a single batch');
    assert.ok(refused.every((s) => Number(s.retryAfter) > 0), '503 without a Retry-After header');
    assert.deepEqual(other5xx.map((s) => s.status), []);
    assert.ok(load.acked.size > 0, 'nothing was accepted at all');
    const lost = missing(load.acked, await backend.storedTags());
    assert.deepEqual(lost.slice(0, 20), [], `${lost.length} acknowledged entries lost`);
  } finally {
    await server.stop();
  }
}

describe('full write queue', { timeout: 60_000 }, () => {
  test('SQLite: 503 with Retry-After, nothing acknowledged lost', async () => {
    const backend = await sqliteBackend();
    try {
      await overload(backend);
    } finally {
      await backend.dispose();
    }
  });

  test('PostgreSQL: 503 with Retry-After, nothing acknowledged lost', { skip: PG_URL ? false : PG_MISSING }, async () => {
    const backend = await postgresBackend();
    try {
      await overload(backend);
    } finally {
      await backend.dispose();
    }
  });
});
