/**
 * Graceful stop of the real server with syslog listeners: every message it had read when SIGTERM came is
 * stored (the receiver stops listening, flushes its open batches into the writer, then the store closes), and
 * the process exits 0.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { bootstrap, freePort, startServer } from '../helpers/server.js';

/** Read without keep-alive: an idle connection would hold the shutdown open long enough to hide a lost batch. */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

async function receivedTcp(url: string): Promise<number> {
  const text = await getText(`${url}/metrics`);
  const line = text.split('\n').find((l) => l.startsWith('devsmith_syslog_messages_received_total{transport="tcp"} '));
  return line ? Number(line.split(' ')[1]) : 0;
}

test('SIGTERM: syslog messages received before it are all stored; exit 0', { timeout: 90_000 }, async () => {
  const syslogPort = await freePort();
  const env = { DEVSMITH_SYSLOG_TCP: `127.0.0.1:${syslogPort}`, DEVSMITH_SYSLOG_PROJECT: 'syslog-sink' };
  const server = await startServer({ env });
  const { cookie, project } = await bootstrap(server.url, 'Syslog Sink');
  assert.equal(project.slug, 'syslog-sink');
  assert.match(server.output(), /syslog receiver listening/);

  const total = 3210; // not a multiple of 500: the last batch waits for its 200 ms
  const socket = net.connect(syslogPort, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const lines = Array.from({ length: total }, (_, i) => `<14>Dec  2 10:00:00 host term: before sigterm ${i}\n`).join('');
  await new Promise<void>((r) => socket.write(lines, () => r()));
  // SIGTERM as soon as the server has read them all: most still wait in an open batch (200 ms) or the writer.
  const deadline = Date.now() + 20_000;
  while ((await receivedTcp(server.url)) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.equal(await receivedTcp(server.url), total, 'the server did not read every message');
  const code = await server.stop();
  socket.destroy();
  assert.equal(code, 0, server.output().slice(-2000));

  const again = await startServer({ dataDir: server.dataDir, env });
  try {
    const res = await fetch(`${again.url}/api/logs/count?project=${project.slug}`, { headers: { cookie } });
    let count = res.ok ? ((await res.json()) as { count: number }).count : NaN;
    if (!res.ok) {
      // A restarted server has the same sessions (they are stored): this is only a fallback for the shape.
      throw new Error(`count failed: ${res.status} ${await res.text()}`);
    }
    assert.equal(count, total, `${total - count} of ${total} received messages lost at shutdown`);
  } finally {
    await again.stop();
  }
});

test('a syslog port already taken stops the start, saying so', { timeout: 60_000 }, async () => {
  const taken = net.createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  const port = (taken.address() as net.AddressInfo).port;
  try {
    await assert.rejects(
      startServer({ env: { DEVSMITH_SYSLOG_TCP: `127.0.0.1:${port}` } }),
      (err: Error) => /server exited with 1/.test(err.message) && /syslog receiver cannot listen: listen EADDRINUSE/.test(err.message),
    );
  } finally {
    taken.close();
  }
});
