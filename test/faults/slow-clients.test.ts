/**
 * Slow and silent clients against the real server process: each kind of stalled connection is closed by the
 * server within its timeout (set small here), while a live tail stays open far longer than any of them.
 *   node --import tsx --test test/faults/slow-clients.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrap, startServer, type Bootstrapped, type RunningServer } from '../helpers/server.js';
import { rawClient, within } from './raw-client.js';
import { sleep } from './support.js';

const TIMEOUTS = { DEVSMITH_HEADERS_TIMEOUT_SECONDS: '1', DEVSMITH_REQUEST_TIMEOUT_SECONDS: '2', DEVSMITH_KEEP_ALIVE_TIMEOUT_SECONDS: '3' };
/** Far beyond every timeout above (and their checking interval): before the fix these stayed open for good. */
const NEVER_MS = 20_000;

describe('stalled connections are closed by the server', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let boot: Bootstrapped;
  before(async () => {
    server = await startServer({ env: { ...TIMEOUTS, LOG_LEVEL: 'warn' } });
    boot = await bootstrap(server.url);
  });
  after(async () => {
    await server.stop();
  });

  const cases: Array<[string, string, number]> = [
    ['a request stuck in its headers', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ', 1000],
    ['a request stuck in its body', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":', 2000],
  ];
  for (const [name, bytes, timeoutMs] of cases) {
    test(`${name}: closed with 408 after its ${timeoutMs / 1000} s timeout`, async () => {
      const client = await rawClient(server.port, bytes);
      const closed = await within(client.closed, NEVER_MS);
      assert.ok(closed, `still open after ${NEVER_MS / 1000} s`);
      assert.ok(closed.ms >= timeoutMs * 0.8, `closed after ${Math.round(closed.ms)} ms, before its timeout`);
      assert.match(closed.data, /^HTTP\/1\.1 408/);
    });
  }

  // A pooled client (undici, a browser's preconnect) opens connections before it has a request for them. Before
  // the fix the headers timeout answered such a connection with an unsolicited 408, which the client then read
  // as the answer to the request it sent on it later (test/server/tail-and-cli.test.ts: a login lost that way).
  test('a connection that has sent nothing yet is idle, not slow: a request sent after the headers timeout is answered', async () => {
    const client = await rawClient(server.port);
    await sleep(2000); // twice the headers timeout, well within the keep-alive one
    assert.equal(client.received(), '', 'nothing is written on a connection that sent no request');
    client.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const answered = await within(client.waitFor('"status":"ok"'), 10_000);
    assert.notEqual(answered, null, `no answer:\n${client.received()}`);
    assert.match(client.received(), /^HTTP\/1\.1 200/);
    client.socket.destroy();
  });

  test('a connection that never sends anything: closed without an answer after the keep-alive timeout', async () => {
    const client = await rawClient(server.port);
    const closed = await within(client.closed, NEVER_MS);
    assert.ok(closed, `still open after ${NEVER_MS / 1000} s`);
    assert.ok(closed.ms >= 3000 * 0.8, `closed after ${Math.round(closed.ms)} ms, before the keep-alive timeout`);
    assert.equal(closed.data, '');
  });

  test('an idle keep-alive connection: closed after the keep-alive timeout', async () => {
    const client = await rawClient(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.waitFor('"status":"ok"');
    const closed = await within(client.closed, NEVER_MS);
    assert.ok(closed, `still open after ${NEVER_MS / 1000} s`);
    assert.match(closed.data, /^HTTP\/1\.1 200/);
  });

  test('a live tail outlives every timeout and still delivers', async () => {
    const stream = await rawClient(
      server.port,
      `GET /api/logs/stream?project=${boot.project.slug} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nCookie: ${boot.cookie}\r\n\r\n`,
    );
    await stream.waitFor(': connected');
    await sleep(6000); // twice the longest timeout, and no heartbeat yet (every 15 s)
    const sent = await fetch(`${server.url}/api/logs/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${boot.apiKey}` },
      body: JSON.stringify({ service_name: 'tail', logs: [{ level: 'info', message: 'after a quiet spell' }] }),
    });
    assert.equal(sent.status, 201);
    const arrived = await within(stream.waitFor('after a quiet spell'), 10_000);
    assert.notEqual(arrived, null, `the stream delivered nothing:\n${stream.received()}`);
    stream.socket.destroy();
  });
});
