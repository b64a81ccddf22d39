/**
 * SIGTERM with stalled connections open: the server closes them itself and exits 0 (before the fix, one
 * client stuck in its headers held shutdown until the deadline: "shutdown timed out", exit 1), while a batch
 * whose headers arrived before the signal still commits, is answered 201 and is stored.
 *   node --import tsx --test test/faults/sigterm-connections.test.ts   (PostgreSQL too with TEST_DATABASE_URL)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrap, startServer } from '../helpers/server.js';
import { rawClient, within } from './raw-client.js';
import { PG_MISSING, PG_URL, postgresBackend, sleep, sqliteBackend, type Backend } from './support.js';

/** Long request timeouts, so that only shutdown itself can close the stalled connections. */
const ENV = { DEVSMITH_SHUTDOWN_TIMEOUT_SECONDS: '10', DEVSMITH_HEADERS_TIMEOUT_SECONDS: '300', DEVSMITH_REQUEST_TIMEOUT_SECONDS: '300', LOG_LEVEL: 'info' };

async function waitForOutput(output: () => string, text: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`the server never printed "${text}":\n${output().slice(-2000)}`);
    await sleep(50);
  }
}

async function sigtermWithStalledConnections(backend: Backend): Promise<void> {
  const server = await startServer({ env: { ...ENV, ...backend.env }, dataDir: backend.dataDir });
  const { apiKey } = await bootstrap(server.url);
  const silent = await rawClient(server.port);
  const partialHeaders = await rawClient(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  const idle = await rawClient(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await idle.waitFor('"status":"ok"');

  // A batch in flight: its headers are in (the server answered 100 Continue), its body comes after the signal.
  const tags = Array.from({ length: 200 }, (_, i) => `inflight-${i}`);
  const body = JSON.stringify({ service_name: 'sigterm', logs: tags.map((tag) => ({ level: 'info', message: tag, context: { tag } })) });
  const batch = await rawClient(
    server.port,
    `POST /api/logs/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await batch.waitFor('100 Continue');

  const t0 = performance.now();
  const exited = server.stop(); // SIGTERM
  await waitForOutput(server.output, 'shutting down', 5000);
  batch.write(body);
  const code = await exited;
  const seconds = (performance.now() - t0) / 1000;

  assert.equal(code, 0, `exit code ${code} after ${seconds.toFixed(1)} s\n${server.output().slice(-2000)}`);
  assert.doesNotMatch(server.output(), /shutdown timed out/);
  for (const [name, client] of Object.entries({ silent, partialHeaders, idle })) {
    assert.ok(await within(client.closed, 1000), `the ${name} connection is still open after the process exited`);
  }
  assert.match(batch.received(), /HTTP\/1\.1 201/, `the in-flight batch was not acknowledged:\n${batch.received()}`);
  assert.match(batch.received(), /^connection: close\r$/im, 'the answer tells the client that the connection ends');
  const stored = await backend.storedTags();
  assert.deepEqual(tags.filter((t) => !stored.has(t)), [], 'entries of the acknowledged batch are missing');
}

describe('SIGTERM with stalled connections', { timeout: 120_000 }, () => {
  test('SQLite: stalled connections closed, the in-flight batch commits, exit 0', async () => {
    const backend = await sqliteBackend();
    try {
      await sigtermWithStalledConnections(backend);
    } finally {
      await backend.dispose();
    }
  });

  test('PostgreSQL: stalled connections closed, the in-flight batch commits, exit 0', { skip: PG_URL ? false : PG_MISSING }, async () => {
    const backend = await postgresBackend();
    try {
      await sigtermWithStalledConnections(backend);
    } finally {
      await backend.dispose();
    }
  });
});
