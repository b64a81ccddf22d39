/** `devsmith ship` against a real server: formats, multi-line stack traces, a partial last line, a 10 MB line, Docker json-file. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bootstrap, startServer, tempDir, type Bootstrapped, type RunningServer } from '../helpers/server.js';
import { allLogs, startShip, waitForLogs, writeShipConfig } from '../helpers/ship.js';

// Event times an hour ago, whole seconds: inside the server's accepted window, so they are kept as given.
const HOUR_AGO = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLF = `${String(HOUR_AGO.getUTCDate()).padStart(2, '0')}/${MONTHS[HOUR_AGO.getUTCMonth()]}/${HOUR_AGO.getUTCFullYear()}:${HOUR_AGO.toISOString().slice(11, 19)} +0000`;

let server: RunningServer;
let boot: Bootstrapped;
before(async () => {
  server = await startServer();
  boot = await bootstrap(server.url);
});
after(async () => {
  await server.stop();
});

test('ship: JSON lines, logfmt, nginx combined and plain text with joined stack traces', async () => {
  const dir = tempDir('ship-formats-');
  const file = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
  file('app.json.log', ['{"level":"error","msg":"db down","attempt":3,"trace_id":"abc123"}', '{"level":"info","message":"ok"}']);
  file('worker.logfmt', [`time=${HOUR_AGO.toISOString()} level=warn msg="queue slow" depth=42 queue=mail`]);
  file('access.log', [
    `203.0.113.7 - alice [${CLF}] "GET /api/users?id=7 HTTP/1.1" 200 512 "https://example.com/" "curl/8.5"`,
    `203.0.113.8 - - [${CLF}] "POST /api/orders HTTP/2.0" 503 19 "-" "Go-http-client/2.0"`,
  ]);
  file('py.log', [
    '2026-01-02 10:00:00 ERROR payment failed',
    'Traceback (most recent call last):',
    '  File "app.py", line 3, in <module>',
    '    pay()',
    'ValueError: card declined',
    '2026-01-02 10:00:01 INFO next request',
  ]);
  file('java.log', [
    'ERROR [main] c.e.App - request failed',
    'java.lang.IllegalStateException: boom',
    '\tat com.example.App.run(App.java:10)',
    'Caused by: java.io.IOException: disk',
    '\t... 3 more',
    'INFO [main] c.e.App - recovered',
  ]);
  const config = writeShipConfig(dir, [
    { path: path.join(dir, 'app.json.log'), format: 'json', service: 'fmt-json' },
    { path: path.join(dir, 'worker.logfmt'), format: 'logfmt', service: 'fmt-logfmt' },
    { path: path.join(dir, 'access.log'), format: 'nginx', service: 'fmt-nginx' },
    { path: path.join(dir, 'py.log'), format: 'plain', multiline: 'python', service: 'fmt-python' },
    { path: path.join(dir, 'java.log'), service: 'fmt-java' },
  ]);
  const ship = startShip(server.url, boot.apiKey, config);
  try {
    const json = await waitForLogs(server.url, boot, 'fmt-json', 2);
    assert.deepEqual(json.map((l) => [l.level, l.message]), [['ERROR', 'db down'], ['INFO', 'ok']]);
    assert.equal(json[0]!.context.attempt, 3);

    const [kv] = await waitForLogs(server.url, boot, 'fmt-logfmt', 1);
    assert.equal(kv?.level, 'WARN');
    assert.equal(kv?.message, 'queue slow');
    assert.equal(kv?.context.depth, 42);
    assert.equal(new Date(kv!.timestamp).toISOString(), HOUR_AGO.toISOString());

    const access = await waitForLogs(server.url, boot, 'fmt-nginx', 2);
    assert.equal(access[0]?.message, 'GET /api/users?id=7 200');
    assert.deepEqual(access[0]?.context.http, {
      method: 'GET', path: '/api/users?id=7', route: '/api/users', status: 200, bytes: 512, protocol: 'HTTP/1.1',
      remote_addr: '203.0.113.7', remote_user: 'alice', referer: 'https://example.com/', user_agent: 'curl/8.5',
    });
    assert.equal(new Date(access[0]!.timestamp).toISOString(), HOUR_AGO.toISOString());
    assert.equal(access[1]?.level, 'ERROR', 'a 5xx access line is an error');

    const py = await waitForLogs(server.url, boot, 'fmt-python', 2);
    assert.equal(py.length, 2, py.map((l) => l.message).join('\n---\n'));
    assert.match(py[0]!.message, /^2026-01-02 10:00:00 ERROR payment failed\nTraceback[\s\S]*ValueError: card declined$/);
    assert.equal(py[0]!.level, 'ERROR');

    const java = await waitForLogs(server.url, boot, 'fmt-java', 2);
    assert.equal(java.length, 2, java.map((l) => l.message).join('\n---\n'));
    assert.equal(java[0]!.message.split('\n').length, 5);
    assert.equal(java[1]!.message, 'INFO [main] c.e.App - recovered');
  } finally {
    ship.proc.kill('SIGTERM');
  }
  const result = await ship.done;
  assert.equal(result.code, 0, result.stderr);
});

test('ship: a partial last line waits for its newline; an idle one is sent after the timeout', async () => {
  const dir = tempDir('ship-partial-');
  const log = path.join(dir, 'app.log');
  fs.writeFileSync(log, 'first line\nhalf of a li');
  // partial_after_ms generous: on a loaded machine the first check must still come before it.
  const ship = startShip(server.url, boot.apiKey, writeShipConfig(dir, [{ path: log, service: 'partial' }], { partial_after_ms: 8000 }));
  try {
    await waitForLogs(server.url, boot, 'partial', 1);
    await new Promise((r) => setTimeout(r, 700)); // longer than flush_ms, shorter than partial_after_ms
    assert.deepEqual((await allLogs(server.url, boot, 'partial')).map((l) => l.message), ['first line']);
    fs.appendFileSync(log, 'ne, now complete\nidle tail without newline');
    const logs = await waitForLogs(server.url, boot, 'partial', 3);
    assert.deepEqual(logs.map((l) => l.message), ['first line', 'half of a line, now complete', 'idle tail without newline']);
  } finally {
    ship.proc.kill('SIGTERM');
  }
  assert.equal((await ship.done).code, 0);
});

test('ship: a 10 MB line arrives whole, in marked pieces within the entry limit', async () => {
  const dir = tempDir('ship-long-');
  const log = path.join(dir, 'big.log');
  const big = Array.from({ length: 10 * 1024 * 1024 / 16 }, (_, i) => `é${String(i).padStart(14, '0')}`).join(''); // multi-byte on purpose
  fs.writeFileSync(log, `before\n${big}\nafter\n`);
  const ship = startShip(server.url, boot.apiKey, writeShipConfig(dir, [{ path: log, service: 'long', format: 'plain' }]));
  try {
    const bigBytes = Buffer.byteLength(big);
    const pieces = Math.ceil(bigBytes / (60 * 1024));
    const logs = await waitForLogs(server.url, boot, 'long', pieces + 2, 60_000);
    assert.equal(logs[0]?.message, 'before');
    assert.equal(logs.at(-1)?.message, 'after');
    const parts = logs.slice(1, -1);
    assert.ok(parts.length >= pieces && parts.length <= pieces + 2, `${parts.length} pieces`);
    parts.sort((a, b) => (a.context.line_split as { part: number }).part - (b.context.line_split as { part: number }).part);
    assert.equal(parts.map((p) => p.message).join(''), big, 'the pieces put together are the line');
    assert.ok(parts.every((p) => !p.context._truncated && Buffer.byteLength(p.message) <= 60 * 1024));
    assert.deepEqual(parts.at(-1)?.context.line_split, { line_offset: 7, part: parts.length, last: true });
  } finally {
    ship.proc.kill('SIGTERM');
  }
  assert.equal((await ship.done).code, 0);
});

test('ship: Docker json-file logs: split lines joined, the container name as service', async () => {
  const root = tempDir('ship-docker-');
  const named = 'a'.repeat(64);
  const unnamed = 'b'.repeat(64);
  for (const id of [named, unnamed]) fs.mkdirSync(path.join(root, id));
  fs.writeFileSync(path.join(root, named, 'config.v2.json'), JSON.stringify({ ID: named, Name: '/web-frontend' }));
  const line = (log: string, stream = 'stdout', time = HOUR_AGO.toISOString().replace('.000Z', '.123456789Z')) => JSON.stringify({ log, stream, time });
  fs.writeFileSync(path.join(root, named, `${named}-json.log`), [
    line('{"level":"warn","msg":"json inside docker","user":"u1"}\n'),
    line('a long line split by the daemon, ', 'stderr'),
    line('second piece, ', 'stderr'),
    line('end\n', 'stderr'),
    line('Error: boom\n', 'stderr'),
    line('    at main (/app/index.js:1:1)\n', 'stderr'),
  ].join('\n') + '\n');
  fs.writeFileSync(path.join(root, unnamed, `${unnamed}-json.log`), `${line('hello from b\n')}\n`);
  const ship = startShip(server.url, boot.apiKey, writeShipConfig(root, [{ path: path.join(root, '*', '*-json.log'), format: 'docker' }]));
  try {
    const web = await waitForLogs(server.url, boot, 'web-frontend', 3);
    assert.deepEqual(web.map((l) => l.message), ['json inside docker', 'a long line split by the daemon, second piece, end', 'Error: boom\n    at main (/app/index.js:1:1)']);
    assert.equal(web[0]!.level, 'WARN');
    assert.equal(web[0]!.context.user, 'u1');
    assert.equal(web[1]!.context.stream, 'stderr');
    assert.equal(new Date(web[1]!.timestamp).getTime(), HOUR_AGO.getTime() + 123);
    assert.deepEqual(web[1]!.context.container, { id: named.slice(0, 12), name: 'web-frontend' });
    const b = await waitForLogs(server.url, boot, unnamed.slice(0, 12), 1);
    assert.deepEqual(b.map((l) => l.message), ['hello from b']);
  } finally {
    ship.proc.kill('SIGTERM');
  }
  assert.equal((await ship.done).code, 0);
});

test('ship: bad configuration is named before anything runs', async () => {
  const dir = tempDir('ship-bad-');
  const config = path.join(dir, 'bad.json');
  fs.writeFileSync(config, JSON.stringify({ sources: [{ path: '/tmp/x.log', format: 'xml' }] }));
  const ship = startShip(server.url, boot.apiKey, config);
  const result = await ship.done;
  assert.equal(result.code, 1);
  assert.match(result.stderr, /sources\[0\]\.format must be one of auto, json, logfmt, nginx, apache, plain, docker, got "xml"/);
});
