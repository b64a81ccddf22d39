/**
 * kill -9 of the server under load, ten times on each store: every entry acknowledged with a 2xx is in
 * the store after the restart. Unacknowledged batches may be missing; acknowledged ones never.
 *   node --import tsx --test test/faults/kill9.test.ts   (PostgreSQL too with TEST_DATABASE_URL)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.js';
import { missing, PG_MISSING, PG_URL, postgresBackend, SERVER_ENV, sleep, sqliteBackend, TaggedLoad, type Backend } from './support.js';

const KILLS = 10;

async function killUnderLoad(backend: Backend): Promise<void> {
  const env = { ...SERVER_ENV, ...backend.env };
  const acked = new Set<string>();
  let apiKey = '';
  for (let cycle = 0; cycle < KILLS; cycle++) {
    const server = await startServer({ env, dataDir: backend.dataDir });
    if (!apiKey) apiKey = (await bootstrap(server.url)).apiKey;
    const load = new TaggedLoad(`k${cycle}`);
    const stop = new AbortController();
    const running = load.run(server.url, apiKey, { concurrency: 8, durationMs: 30_000, signal: stop.signal });
    await sleep(600 + Math.random() * 900); // kill at a different point of the commit cycle each time
    await server.kill();
    stop.abort();
    await running;
    assert.ok(load.acked.size > 0, `cycle ${cycle}: the load got nothing acknowledged before the kill`);
    for (const t of load.acked) acked.add(t);
  }
  const server = await startServer({ env, dataDir: backend.dataDir }); // recovery on restart
  try {
    const lost = missing(acked, await backend.storedTags());
    assert.deepEqual(lost.slice(0, 20), [], `${lost.length} of ${acked.size} acknowledged entries lost after ${KILLS} kills`);
  } finally {
    await server.stop();
  }
}

describe('kill -9 under load', { timeout: 240_000 }, () => {
  test(`SQLite: ${KILLS} kills, nothing acknowledged is lost`, async () => {
    const backend = await sqliteBackend();
    try {
      await killUnderLoad(backend);
    } finally {
      await backend.dispose();
    }
  });

  test(`PostgreSQL: ${KILLS} kills, nothing acknowledged is lost`, { skip: PG_URL ? false : PG_MISSING }, async () => {
    const backend = await postgresBackend();
    try {
      await killUnderLoad(backend);
    } finally {
      await backend.dispose();
    }
  });
});
