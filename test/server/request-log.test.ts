/**
 * The server's own log at the default level (info), from the real process: one startup line naming the URL
 * and the store, no line per ordinary request, and a line for a failed (5xx) and for a slow request.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bootstrap, startServer, type Bootstrapped, type RunningServer } from '../helpers/server.js';
import { rawClient } from '../faults/raw-client.js';

let server: RunningServer;
let boot: Bootstrapped;
before(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'info' } });
  boot = await bootstrap(server.url);
});
after(async () => {
  await server.stop();
});

interface Line {
  level: number;
  msg: string;
  url?: string;
  status?: number;
  ms?: number;
  reqId?: string;
}
const INFO = 30;
const WARN = 40;

function lines(): Line[] {
  return server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
}

async function waitForLine(match: (l: Line) => boolean): Promise<Line | undefined> {
  for (let i = 0; i < 50; i++) {
    const found = lines().find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

test('one startup line: the URL to open and the store in use', () => {
  const startup = lines().filter((l) => l.msg.startsWith('DevSmith Logs is ready'));
  assert.equal(startup.length, 1, server.output());
  assert.match(startup[0]!.msg, new RegExp(`open http://127\\.0\\.0\\.1:${server.port} \\(store: SQLite .*devsmith\\.db; Redis: no\\)`));
});

test('ordinary requests (health checks, reads, a 404) leave no line at info', async () => {
  for (let i = 0; i < 20; i++) assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  await fetch(`${server.url}/api/logs/projects`, { headers: { cookie: boot.cookie } });
  assert.equal((await fetch(`${server.url}/api/nothing-here`)).status, 404);
  await new Promise((r) => setTimeout(r, 200));
  const perRequest = lines().filter((l) => l.level <= INFO && (l.reqId !== undefined || /request/.test(l.msg)));
  assert.deepEqual(perRequest, []);
});

test('a failed sign-in is logged at info, without the password', async () => {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: 'not-the-password-xyz' }),
  });
  assert.equal(res.status, 401);
  const line = await waitForLine((l) => l.msg === 'sign-in failed');
  assert.equal(line?.level, INFO);
  assert.ok(!server.output().includes('not-the-password-xyz'));
});

test('a slow request (its body took over a second) is logged at warn', async () => {
  const body = JSON.stringify({ email: 'slow@example.com', password: 'slowly sent' });
  const client = await rawClient(server.port, `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
  await new Promise((r) => setTimeout(r, 1300));
  client.write(body);
  await client.waitFor('HTTP/1.1 401');
  client.socket.destroy();
  const line = await waitForLine((l) => l.msg === 'slow request');
  assert.ok(line, `no slow-request line:\n${server.output().slice(-2000)}`);
  assert.equal(line.level, WARN);
  assert.equal(line.url, '/api/auth/login');
  assert.ok(line.ms! >= 1000);
});

test('a server error (5xx) is logged at warn with its request id', async () => {
  // Break the store under the running server: the sessions table is gone, so reading a session fails.
  const db = new Database(path.join(server.dataDir, 'devsmith.db'));
  db.pragma('busy_timeout = 5000');
  db.exec('ALTER TABLE sessions RENAME TO sessions_gone');
  db.close();
  const res = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: boot.cookie } });
  assert.ok(res.status >= 500, `answered ${res.status}`);
  const id = res.headers.get('x-request-id');
  const line = await waitForLine((l) => l.msg === 'request failed' && l.reqId === id);
  assert.ok(line, `no line for the failed request ${id}:\n${server.output().slice(-2000)}`);
  assert.equal(line.level, WARN);
  assert.equal(line.status, res.status);
});

test('every answer has a request id of its own: "req-" and 12 hex digits, none repeated (ids come from a pool refilled every 1,024)', async () => {
  const ids = new Set<string>();
  for (let round = 0; round < 30; round++) {
    const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(`${server.url}/healthz`)));
    for (const res of answers) {
      await res.arrayBuffer();
      const id = String(res.headers.get('x-request-id'));
      assert.match(id, /^req-[0-9a-f]{12}$/);
      ids.add(id);
    }
  }
  assert.equal(ids.size, 1_500);
});
