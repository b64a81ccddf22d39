/** `devsmith send` against a real server: JSON lines, level detection, retries through an outage, losses reported. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { bootstrap, freePort, startServer, type Bootstrapped, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let boot: Bootstrapped;
before(async () => {
  server = await startServer();
  boot = await bootstrap(server.url);
});
after(async () => {
  await server.stop();
});

interface StoredLog { level: string; message: string; context: Record<string, unknown>; timestamp: string }

async function logsOf(service: string): Promise<StoredLog[]> {
  const res = await fetch(`${server.url}/api/logs?project=${boot.project.slug}&service=${service}&limit=1000`, { headers: { cookie: boot.cookie } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: StoredLog[] }).data;
}

const byMessage = (logs: StoredLog[]) => new Map(logs.map((l) => [l.message, l]));

test('send: JSON lines keep their fields, plain lines get a level only when they state one', async () => {
  // An hour ago, a whole second: inside the server's accepted window (older entries are filed at receive time).
  const pinoTime = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  const input = [
    '0 errors found',
    'ERROR: disk full',
    '[warn] slow query',
    'ts=1 level=error msg="kv style"',
    `{"level":50,"time":${pinoTime},"msg":"pino line","pid":42}`,
    '{"message":"structured","severity":"warning","user":"u1","context":{"attempt":2}}',
    'just a line',
  ].join('\n');
  const result = await runCli(['send', '--service', 'levels'], { env: { DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey }, input });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /7 logs sent/);
  const logs = byMessage(await logsOf('levels'));
  assert.equal(logs.size, 7, [...logs.keys()].join(' | '));
  assert.equal(logs.get('0 errors found')?.level, 'INFO');
  assert.equal(logs.get('ERROR: disk full')?.level, 'ERROR');
  assert.equal(logs.get('[warn] slow query')?.level, 'WARN');
  assert.equal(logs.get('ts=1 level=error msg="kv style"')?.level, 'ERROR');
  assert.equal(logs.get('just a line')?.level, 'INFO');
  const pino = logs.get('pino line');
  assert.equal(pino?.level, 'ERROR');
  assert.equal(new Date(pino!.timestamp).getTime(), pinoTime);
  assert.deepEqual(pino?.context, { pid: 42 });
  const structured = logs.get('structured');
  assert.equal(structured?.level, 'WARN');
  assert.deepEqual(structured?.context, { user: 'u1', attempt: 2 });
});

test('send: the server down for a while, then up: retries deliver every line', async () => {
  const dataDir = server.dataDir;
  const port = server.port;
  await server.stop();
  const lines = Array.from({ length: 150 }, (_, i) => `outage line ${i}`);
  const send = spawnCli(['send', '--service', 'outage', '--retry-for', '120'], {
    env: { DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey },
    input: `${lines.join('\n')}\n`,
  });
  try {
    assert.ok(await waitFor(() => /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); retrying/.test(send.stderr())), send.stderr());
  } finally {
    server = await startServer({ port, dataDir });
  }
  const result = await send.done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /reachable again/);
  assert.match(result.stderr, /150 logs sent$/m);
  const stored = (await logsOf('outage')).map((l) => l.message).sort();
  assert.deepEqual(stored, [...lines].sort(), 'each line stored once: retried batches carry an Idempotency-Key');
});

test('send: the server down for good: the URL and reason are named, losses counted, exit code 1', async () => {
  const port = await freePort(); // nothing listens there
  const result = await runCli(['send', '--service', 'gone', '--retry-for', '1'], {
    env: { DEVSMITH_URL: `http://127.0.0.1:${port}`, DEVSMITH_API_KEY: boot.apiKey },
    input: 'one\ntwo\n',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  assert.match(result.stderr, /0 logs sent, 2 lost/);
  assert.doesNotMatch(result.stderr, /fetch failed/);
});

test('send: a refused key is not retried and is named as such', async () => {
  const started = Date.now();
  const result = await runCli(['send', '--service', 'badkey', '--retry-for', '60'], {
    env: { DEVSMITH_URL: server.url, DEVSMITH_API_KEY: `dsk_${'x'.repeat(43)}` },
    input: 'one\n',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`${server.url.replace(/\./g, '\\.')} answered 401`));
  assert.match(result.stderr, /1 lost/);
  assert.ok(Date.now() - started < 30_000, 'a 401 must not be retried for the whole budget');
});
