/** Admin commands name the store they open; token create and login give `tail` a token; logout revokes it. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { bootstrap, startServer, tempDir, type Bootstrapped, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let boot: Bootstrapped;
const EMAIL = 'cli-user@example.com';
const PASSWORD = 'cli user password 1';

before(async () => {
  server = await startServer();
  boot = await bootstrap(server.url);
  const created = await runCli(['user', 'create', '--email', EMAIL, '--name', 'Cli', '--password', PASSWORD, '--admin'], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
  assert.equal(created.code, 0, created.stderr);
});
after(async () => {
  await server.stop();
});

/** Starts `tail` and sends logs until one shows up in its output; returns what it printed. */
async function tailSees(env: Record<string, string>, message: string, args: string[] = []): Promise<string> {
  const tail = spawnCli(['tail', '--project', boot.project.slug, ...args], { env });
  try {
    await waitFor(() => {
      void fetch(`${server.url}/api/logs/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${boot.apiKey}` },
        body: JSON.stringify({ service_name: 'tailed', logs: [{ level: 'info', message }] }),
      });
      return tail.stdout().includes(message) || tail.proc.exitCode !== null;
    }, 25_000);
    assert.match(tail.stdout(), new RegExp(message), `tail printed nothing; stderr: ${tail.stderr()}`);
    return tail.stdout();
  } finally {
    tail.proc.kill();
    await tail.done;
  }
}

test('admin commands say which store they open, and warn when it is the ./data default', async () => {
  const explicit = await runCli(['migrate'], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
  assert.equal(explicit.code, 0, explicit.stderr);
  assert.match(explicit.stderr, new RegExp(`using SQLite database ${path.join(server.dataDir, 'devsmith.db').replace(/[.]/g, '\\.')}\\n`));

  const elsewhere = tempDir('devsmith-cwd-');
  try {
    const fallback = await runCli(['migrate'], { cwd: elsewhere });
    assert.equal(fallback.code, 0, fallback.stderr);
    assert.match(fallback.stderr, /DEVSMITH_DATA_DIR is not set, so \.\/data under the current directory; a new database: none existed there/);
    assert.ok(fs.existsSync(path.join(elsewhere, 'data', 'devsmith.db')));
  } finally {
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('token create prints a dsu_ token once, and tail works with it', async () => {
  const created = await runCli(['token', 'create', '--email', EMAIL, '--name', 'for tail'], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stderr, /using SQLite database/);
  const token = /API token \(shown once, store it now\): (dsu_\S+)/.exec(created.stdout)?.[1];
  assert.ok(token, created.stdout);
  await tailSees({ DEVSMITH_URL: server.url, DEVSMITH_TOKEN: token }, 'seen with a created token');

  const unknown = await runCli(['token', 'create', '--email', 'nobody@example.com'], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no user with email nobody@example\.com/);
});

test('login stores a token (mode 0600) that tail uses without --token; logout revokes it and deletes the file', async () => {
  const home = tempDir('devsmith-config-');
  const env = { XDG_CONFIG_HOME: home };
  try {
    const login = await runCli(['login', '--url', server.url, '--email', EMAIL], { env, input: `${PASSWORD}\n` });
    assert.equal(login.code, 0, login.stderr);
    const file = path.join(home, 'devsmith', 'config.json');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { url: string; token: string };
    assert.equal(stored.url, server.url);
    assert.match(stored.token, /^dsu_/);
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), new RegExp(PASSWORD), 'the password is never stored');

    await tailSees(env, 'seen with the stored login');
    // The stored token is only ever sent to the server it came from.
    const other = await runCli(['tail', '--url', 'http://127.0.0.1:9'], { env });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /stored login is for http:\/\/127\.0\.0\.1:\d+, not http:\/\/127\.0\.0\.1:9/);

    const logout = await runCli(['logout'], { env });
    assert.equal(logout.code, 0, logout.stderr);
    assert.equal(fs.existsSync(file), false);
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${stored.token}` } });
    assert.equal(me.status, 401, 'the token is revoked on the server');
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('login with a wrong password says so and stores nothing', async () => {
  const home = tempDir('devsmith-config-');
  try {
    const login = await runCli(['login', '--url', server.url, '--email', EMAIL], { env: { XDG_CONFIG_HOME: home }, input: 'wrong password\n' });
    assert.equal(login.code, 1);
    assert.match(login.stderr, /sign-in at http:\/\/127\.0\.0\.1:\d+ failed: 401/);
    assert.equal(fs.existsSync(path.join(home, 'devsmith', 'config.json')), false);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

const pgUrl = process.env.TEST_DATABASE_URL;
test('admin commands on PostgreSQL name the database and host, never the password', { skip: pgUrl ? false : 'TEST_DATABASE_URL is not set: PostgreSQL case not run' }, async () => {
  const { postgresBackend } = await import('../../src/store/contract/harness.js');
  const backend = postgresBackend(pgUrl!);
  try {
    const url = await backend.emptySchemaUrl();
    const env = { DATABASE_URL: url };
    const migrate = await runCli(['migrate'], { env });
    assert.equal(migrate.code, 0, migrate.stderr);
    const { hostname, port, pathname, password } = new URL(url);
    assert.match(migrate.stderr, new RegExp(`using PostgreSQL database "${pathname.slice(1)}" on ${hostname}:${port}`));
    assert.ok(!password || !migrate.stderr.includes(`:${password}@`), 'no password in the output');
    assert.equal((await runCli(['user', 'create', '--email', 'pg@example.com', '--name', 'Pg', '--password', PASSWORD], { env })).code, 0);
    const token = await runCli(['token', 'create', '--email', 'pg@example.com'], { env });
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout, /API token \(shown once, store it now\): dsu_/);
  } finally {
    await backend.cleanup();
  }
});
