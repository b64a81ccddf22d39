/**
 * `devsmith ship` through the failures a file agent meets: rotation by rename and by copytruncate while the
 * application writes, kill -9 of the agent, kill -9 of the server. Every line is read back through the query
 * API: none lost, none stored twice.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bootstrap, startServer, tempDir, type Bootstrapped, type RunningServer } from '../helpers/server.js';
import { allLogs, lostAndDuplicated, startShip, waitForLogs, writeShipConfig } from '../helpers/ship.js';

let server: RunningServer;
let boot: Bootstrapped;
before(async () => {
  server = await startServer();
  boot = await bootstrap(server.url);
});
after(async () => {
  await server.stop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An application that holds its log file open (O_APPEND) and writes `count` lines, a few at a time. */
class Writer {
  private fd: number;
  next = 0;
  readonly written: string[] = [];
  constructor(private readonly file: string, private readonly tag: string) {
    this.fd = fs.openSync(file, 'a');
  }
  async write(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const message = `${this.tag} line ${String(this.next++).padStart(5, '0')}`;
      fs.writeSync(this.fd, `${message}\n`);
      this.written.push(message);
      if (i % 10 === 9) await pause(5);
    }
  }
  /** What an application does on SIGHUP after logrotate renamed its file. */
  reopen(): void {
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a');
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

async function assertExactly(service: string, expected: string[]): Promise<void> {
  await waitForLogs(server.url, boot, service, expected.length, 60_000);
  await pause(1000); // a late duplicate would show up here
  const stored = (await allLogs(server.url, boot, service)).map((l) => l.message);
  const { lost, duplicated } = lostAndDuplicated(expected, stored);
  assert.deepEqual({ lost: lost.slice(0, 10), duplicated: duplicated.slice(0, 10) }, { lost: [], duplicated: [] }, `${lost.length} lost, ${duplicated.length} duplicated`);
  assert.equal(stored.length, expected.length);
}

test('ship: rotation by rename, then by copytruncate, while the application writes', async () => {
  const dir = tempDir('ship-rotate-');
  const log = path.join(dir, 'app.log');
  const writer = new Writer(log, 'rot');
  const ship = startShip(server.url, boot.apiKey, writeShipConfig(dir, [{ path: `${log}*`, service: 'rotate' }]));
  try {
    await writer.write(300);
    // logrotate `create`: rename, the application writes on to the old file until it reopens.
    fs.renameSync(log, `${log}.1`);
    await writer.write(50);
    writer.reopen();
    await writer.write(300);
    await waitForLogs(server.url, boot, 'rotate', 650); // so the truncation, not a first scan, meets the new content
    // logrotate `copytruncate`: copy, then truncate the file the application keeps writing to.
    fs.copyFileSync(log, `${log}.2`);
    fs.truncateSync(log, 0);
    await writer.write(300);
    writer.close();
    await assertExactly('rotate', writer.written);
  } finally {
    ship.proc.kill('SIGTERM');
  }
  const result = await ship.done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /app\.log was truncated/);
});

test('ship: kill -9 of the agent mid-run, twice: restarts resume from the checkpoint without duplicates', async () => {
  const dir = tempDir('ship-kill-agent-');
  const log = path.join(dir, 'app.log');
  const writer = new Writer(log, 'kill');
  const config = writeShipConfig(dir, [{ path: log, service: 'kill-agent' }], { batch_lines: 50 });
  let ship = startShip(server.url, boot.apiKey, config);
  const stderr: string[] = [];
  try {
    for (let round = 0; round < 2; round++) {
      await writer.write(400);
      await waitForLogs(server.url, boot, 'kill-agent', 100 + round * 400);
      ship.proc.kill('SIGKILL');
      stderr.push((await ship.done).stderr);
      await writer.write(100); // written while no agent runs
      ship = startShip(server.url, boot.apiKey, config);
    }
    await writer.write(200);
    writer.close();
    await assertExactly('kill-agent', writer.written);
  } finally {
    ship.proc.kill('SIGTERM');
  }
  const result = await ship.done;
  assert.equal(result.code, 0, [...stderr, result.stderr].join('\n'));
});

test('ship: kill -9 of the server mid-run: the agent waits (reading paused) and delivers everything once', async () => {
  const dir = tempDir('ship-kill-server-');
  const log = path.join(dir, 'app.log');
  const writer = new Writer(log, 'srv');
  const ship = startShip(server.url, boot.apiKey, writeShipConfig(dir, [{ path: log, service: 'kill-server' }], { batch_lines: 50 }));
  try {
    await writer.write(300);
    await waitForLogs(server.url, boot, 'kill-server', 50);
    const { port, dataDir } = server;
    await server.kill();
    await writer.write(300); // written while the server is down: the file is the buffer
    await pause(1500);
    server = await startServer({ port, dataDir });
    await writer.write(200);
    writer.close();
    await assertExactly('kill-server', writer.written);
  } finally {
    ship.proc.kill('SIGTERM');
  }
  const result = await ship.done;
  assert.equal(result.code, 0, result.stderr);
  // ECONNREFUSED, ECONNRESET or UND_ERR_SOCKET, depending on where the kill lands in a request.
  assert.match(result.stderr, /cannot reach http:\/\/127\.0\.0\.1:\d+ \([A-Z_]+\); retrying/);
  assert.match(result.stderr, /reachable again/);
});

test('ship: SIGTERM checkpoints: a restart sends nothing again', async () => {
  const dir = tempDir('ship-sigterm-');
  const log = path.join(dir, 'app.log');
  const writer = new Writer(log, 'term');
  await writer.write(120);
  const config = writeShipConfig(dir, [{ path: log, service: 'sigterm' }]);
  let ship = startShip(server.url, boot.apiKey, config);
  await waitForLogs(server.url, boot, 'sigterm', 120);
  ship.proc.kill('SIGTERM');
  let result = await ship.done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /120 logs sent/);
  await writer.write(30);
  writer.close();
  ship = startShip(server.url, boot.apiKey, config);
  await waitForLogs(server.url, boot, 'sigterm', 150);
  ship.proc.kill('SIGTERM');
  result = await ship.done;
  assert.match(result.stderr, /devsmith ship: 30 logs sent$/m, 'only the new lines: nothing re-sent, nothing replayed');
  await assertExactly('sigterm', writer.written);
});

test('ship: a crash between the server storing batches (acknowledged in any order) and the checkpoint: the re-sent batches are replayed, not stored twice', async () => {
  const dir = tempDir('ship-replay-');
  const log = path.join(dir, 'app.log');
  const writer = new Writer(log, 'replay');
  await writer.write(30);
  // Three batches of 10 lines (18 bytes each: "replay line 00000\n"), sent at once.
  const config = writeShipConfig(dir, [{ path: log, service: 'replay' }], { batch_lines: 10, inflight: 3 });
  let ship = startShip(server.url, boot.apiKey, config);
  await waitForLogs(server.url, boot, 'replay', 30);
  ship.proc.kill('SIGTERM');
  assert.equal((await ship.done).code, 0);
  // The state a kill -9 leaves right after the server answered the 2nd and 3rd batch but not yet the 1st:
  // the checkpoint still at 0, all three ranges pending.
  const stateFile = path.join(dir, 'state', 'checkpoints.json');
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { files: Record<string, { offset: number; pending?: Array<{ start: number; end: number }> }> };
  const [id] = Object.keys(state.files);
  const size = fs.statSync(log).size;
  assert.equal(size, 540);
  assert.equal(state.files[id!]!.offset, size);
  assert.equal(state.files[id!]!.pending, undefined);
  state.files[id!] = { ...state.files[id!]!, offset: 0, pending: [{ start: 0, end: 180 }, { start: 180, end: 360 }, { start: 360, end: 540 }] };
  fs.writeFileSync(stateFile, JSON.stringify(state));
  await writer.write(10); // more lines since: without the pending range the batch would be cut elsewhere
  writer.close();
  ship = startShip(server.url, boot.apiKey, config);
  await waitForLogs(server.url, boot, 'replay', 40);
  await pause(1000);
  ship.proc.kill('SIGTERM');
  const result = await ship.done;
  assert.match(result.stderr, /10 logs sent \(30 more were already stored/);
  await assertExactly('replay', writer.written);
});
