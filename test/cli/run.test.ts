/** `devsmith run -- COMMAND` against a real server: output passed through and shipped, exit code kept. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { bootstrap, freePort, startServer, tempDir, type Bootstrapped, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let boot: Bootstrapped;
let scripts: string;
before(async () => {
  server = await startServer();
  boot = await bootstrap(server.url);
  scripts = tempDir('devsmith-run-');
});
after(async () => {
  await server.stop();
  fs.rmSync(scripts, { recursive: true, force: true });
});

interface StoredLog { level: string; message: string; context: Record<string, unknown> }

async function logsOf(service: string): Promise<StoredLog[]> {
  const res = await fetch(`${server.url}/api/logs?project=${boot.project.slug}&service=${service}&limit=1000`, { headers: { cookie: boot.cookie } });
  return ((await res.json()) as { data: StoredLog[] }).data;
}

function script(name: string, body: string): string {
  const file = path.join(scripts, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

test('run: stdout and stderr lines become logs, the exit code is the last log and the CLI exit status', async () => {
  const nightly = script('nightly.sh', [
    'echo "starting nightly $1"',
    'echo "warning: disk 91% full" >&2',
    'echo "copying files" >&2',
    `echo '{"msg":"json progress","level":"debug","step":2}'`,
    'echo "0 errors found"',
    'exit 3',
  ].join('\n'));
  const result = await runCli(['run', '--service', 'nightly', '--', nightly, 'arg1'], { env: { DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey } });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stdout, /starting nightly arg1\n/, 'stdout passes through');
  assert.match(result.stderr, /copying files\n/, 'stderr passes through');
  const logs = await logsOf('nightly');
  const found = new Map(logs.map((l) => [l.message, l]));
  assert.deepEqual([found.get('starting nightly arg1')?.level, found.get('starting nightly arg1')?.context.stream], ['INFO', 'stdout']);
  assert.deepEqual([found.get('warning: disk 91% full')?.level, found.get('warning: disk 91% full')?.context.stream], ['WARN', 'stderr']);
  assert.equal(found.get('copying files')?.level, 'WARN', 'stderr without a level is WARN');
  assert.equal(found.get('0 errors found')?.level, 'INFO');
  assert.deepEqual(found.get('json progress')?.context, { step: 2, stream: 'stdout' });
  assert.equal(found.get('json progress')?.level, 'DEBUG');
  const last = logs[0]!; // newest first
  assert.equal(last.message, 'exited 3');
  assert.equal(last.level, 'ERROR');
  assert.equal(last.context.exit_code, 3);
  assert.equal(typeof last.context.duration_ms, 'number');
});

test('run: a clean exit is an INFO "exited 0"; a signal exits 128+n', async () => {
  const ok = await runCli(['run', '--service', 'fine', '--', 'sh', '-c', 'echo all good'], { env: { DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey } });
  assert.equal(ok.code, 0, ok.stderr);
  const fine = await logsOf('fine');
  assert.deepEqual(fine.map((l) => [l.level, l.message]), [['INFO', 'exited 0'], ['INFO', 'all good']]);

  const killed = await runCli(['run', '--service', 'killed', '--', 'sh', '-c', 'kill -TERM $$'], { env: { DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey } });
  assert.equal(killed.code, 143, killed.stderr);
  const [last] = await logsOf('killed');
  assert.equal(last?.message, 'killed by SIGTERM');
  assert.equal(last?.context.exit_code, 143);
});

test('run: with the server down the command still runs, keeps its exit code, and the losses are reported', async () => {
  const port = await freePort();
  const result = await runCli(['run', '--service', 'offline', '--retry-for', '1', '--', 'sh', '-c', 'echo still ran; exit 4'], {
    env: { DEVSMITH_URL: `http://127.0.0.1:${port}`, DEVSMITH_API_KEY: boot.apiKey },
  });
  assert.equal(result.code, 4);
  assert.match(result.stdout, /still ran/);
  assert.match(result.stderr, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  assert.match(result.stderr, /0 logs sent, 2 lost/);
});
