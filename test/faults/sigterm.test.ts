/**
 * SIGTERM under load: the server stops taking connections, commits and answers what it had accepted, exits
 * cleanly before its 10 s shutdown deadline (exit code 0; past the deadline it exits 1), and nothing it
 * acknowledged is lost.
 *   node --import tsx --test test/faults/sigterm.test.ts   (PostgreSQL too with TEST_DATABASE_URL)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.js';
import { missing, PG_MISSING, PG_URL, postgresBackend, SERVER_ENV, sleep, sqliteBackend, TaggedLoad, type Backend } from './support.js';

async function sigtermUnderLoad(backend: Backend): Promise<void> {
  const env = { ...SERVER_ENV, ...backend.env };
  const server = await startServer({ env, dataDir: backend.dataDir });
  const { apiKey } = await bootstrap(server.url);
  const load = new TaggedLoad('term');
  const stop = new AbortController();
  const running = load.run(server.url, apiKey, { concurrency: 16, durationMs: 30_000, signal: stop.signal });
  await sleep(1500);
  const before = load.acked.size;
  const t0 = performance.now();
  const exited = server.stop(); // SIGTERM
  await sleep(200);
  // A new connection after the signal is refused (or answered 503 while closing), never accepted as work.
  const late = await fetch(`${server.url}/api/logs/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ service_name: 'late', logs: [{ level: 'INFO', message: 'after SIGTERM', context: { tag: 'late' } }] }),
  }).then((r) => r.status, (e: Error) => e.message);
  const code = await exited;
  const seconds = (performance.now() - t0) / 1000;
  stop.abort();
  await running;
  assert.equal(code, 0, `exit code ${code} after ${seconds.toFixed(1)} s: shutdown did not finish cleanly\n${server.output().slice(-2000)}`);
  assert.ok(late === 503 || typeof late === 'string', `a request sent after SIGTERM was answered ${late}`);
  assert.ok(before > 0, 'nothing was acknowledged before SIGTERM: the load did not run');

  const again = await startServer({ env, dataDir: backend.dataDir });
  try {
    const stored = await backend.storedTags();
    const lost = missing(load.acked, stored);
    assert.deepEqual(lost.slice(0, 20), [], `${lost.length} of ${load.acked.size} acknowledged entries lost`);
  } finally {
    await again.stop();
  }
}

describe('SIGTERM under load', { timeout: 120_000 }, () => {
  test('SQLite: in-flight batches commit, exit 0, nothing acknowledged lost', async () => {
    const backend = await sqliteBackend();
    try {
      await sigtermUnderLoad(backend);
    } finally {
      await backend.dispose();
    }
  });

  test('PostgreSQL: in-flight batches commit, exit 0, nothing acknowledged lost', { skip: PG_URL ? false : PG_MISSING }, async () => {
    const backend = await postgresBackend();
    try {
      await sigtermUnderLoad(backend);
    } finally {
      await backend.dispose();
    }
  });
});
