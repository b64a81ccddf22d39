/** `devsmith export` against a real server process: CSV to stdout, NDJSON to a file, errors; a cut stream. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { bootstrap, startServer, tempDir, type Bootstrapped, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let boot: Bootstrapped;
let token: string;
const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

before(async () => {
  server = await startServer();
  boot = await bootstrap(server.url, 'Cli Export');
  const created = await runCli(['token', 'create', '--email', 'admin@example.com', '--name', 'export'], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
  token = /API token \(shown once, store it now\): (dsu_\S+)/.exec(created.stdout)?.[1] ?? '';
  assert.ok(token, created.stdout + created.stderr);
  const logs = [
    { timestamp: at(1), level: 'info', message: 'first, with a comma', context: { http: { status: 200 } } },
    { timestamp: at(2), level: 'error', message: '=cmd|"/c calc"', context: { http: { status: 500 } } },
    { timestamp: at(3), level: 'warn', message: 'third ✓', context: {} },
  ];
  const res = await fetch(`${server.url}/api/logs/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${boot.apiKey}` },
    body: JSON.stringify({ service_name: 'api', logs }),
  });
  assert.equal(res.status, 201);
});
after(async () => {
  await server.stop();
});

test('CSV to stdout with the stored login, chosen columns and filters', async () => {
  const home = tempDir('devsmith-config-');
  try {
    fs.mkdirSync(path.join(home, 'devsmith'));
    fs.writeFileSync(path.join(home, 'devsmith', 'config.json'), JSON.stringify({ url: server.url, token }), { mode: 0o600 });
    const args = ['export', '--format', 'csv', '--project', boot.project.slug, '--columns', 'timestamp,level,message,ctx.http.status'];
    const out = await runCli(args, { env: { XDG_CONFIG_HOME: home } });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      out.stdout,
      'timestamp,level,message,ctx.http.status\r\n' +
        `${at(3)},WARN,third ✓,\r\n` +
        `${at(2)},ERROR,"'=cmd|""/c calc""",500\r\n` +
        `${at(1)},INFO,"first, with a comma",200\r\n`,
    );
    const filtered = await runCli([...args, '--ctx', 'http.status=200', '--from', at(0), '--to', at(2)], { env: { XDG_CONFIG_HOME: home } });
    assert.equal(filtered.stdout.split('\r\n')[1], `${at(1)},INFO,"first, with a comma",200`);
    assert.equal(filtered.stdout.split('\r\n').length, 3);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('NDJSON to a file with -o; bad format, unknown project and a wrong token fail with a reason', async () => {
  const dir = tempDir('devsmith-export-');
  const env = { DEVSMITH_URL: server.url, DEVSMITH_TOKEN: token };
  try {
    const file = path.join(dir, 'errors.ndjson');
    const out = await runCli(['export', '--project', boot.project.slug, '--level', 'error', '-o', file], { env });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, '');
    assert.match(out.stderr, /wrote 0\.0 MB to .*errors\.ndjson/);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.level, l.message, l.project]), [['ERROR', '=cmd|"/c calc"', boot.project.slug]]);
    assert.deepEqual(fs.readdirSync(dir), ['errors.ndjson'], 'no .part file left');

    const bad = await runCli(['export', '--format', 'xml'], { env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be ndjson or csv/);
    const unknown = await runCli(['export', '--project', 'nope'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /answered 404: No project "nope"/);
    const wrong = await runCli(['export'], { env: { ...env, DEVSMITH_TOKEN: 'dsu_wrong' } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /answered 401/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a stream the server cuts short: exit 1, the server\'s reason, and the file left as .part', async () => {
  // A server that fails as ours does mid-export: an error line, then the connection closed without the last chunk.
  const cut = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-total-count': '10' });
    res.write('{"id":"1","message":"one"}\n');
    res.write('{"error":{"code":"STORE_UNAVAILABLE","message":"the store became unavailable"}}\n', () => res.destroy());
  });
  await new Promise<void>((resolve) => cut.listen(0, '127.0.0.1', resolve));
  const dir = tempDir('devsmith-export-');
  try {
    const url = `http://127.0.0.1:${(cut.address() as { port: number }).port}`;
    const file = path.join(dir, 'cut.ndjson');
    const out = await runCli(['export', '-o', file], { env: { DEVSMITH_URL: url, DEVSMITH_TOKEN: 'dsu_any' } });
    assert.equal(out.code, 1);
    assert.match(out.stderr, /the export is incomplete: the store became unavailable; what arrived is in .*cut\.ndjson\.part/);
    assert.equal(fs.existsSync(file), false);
    assert.match(fs.readFileSync(`${file}.part`, 'utf8'), /"one"/);
  } finally {
    cut.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
