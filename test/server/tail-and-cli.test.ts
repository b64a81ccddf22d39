/** Live tail over SSE (filters, Last-Event-ID) and the CLI: user create, project create, send, tail. */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, bootstrap, startServer, type Bootstrapped, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let boot: Bootstrapped;
before(async () => {
  server = await startServer();
  boot = await bootstrap(server.url);
});
after(async () => {
  await server.stop();
});

const send = (logs: object[], service = 'web') =>
  fetch(`${server.url}/api/logs/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${boot.apiKey}` },
    body: JSON.stringify({ service_name: service, logs }),
  });

/** Reads SSE events from the stream until `count` logs arrived or the timeout passes. */
async function readEvents(url: string, headers: Record<string, string>, count: number, onOpen: () => Promise<void>, timeoutMs = 15_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: Array<{ id: string; data: { message: string; level: string; service: string } }> = [];
  let buffer = '';
  let opened = false;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += Buffer.from(chunk).toString();
      if (!opened && buffer.includes(': connected')) {
        opened = true;
        await onOpen();
      }
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) events.push({ id: /^id: (.*)$/m.exec(block)![1]!, data: JSON.parse(data) });
      }
      if (events.length >= count) break;
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

test('live tail streams new matching logs only, and resumes from Last-Event-ID', async () => {
  await send([{ level: 'error', message: 'before the tail opened' }]);
  const url = `${server.url}/api/logs/stream?project=${boot.project.slug}&level=error&service=web`;
  const events = await readEvents(url, { cookie: boot.cookie }, 2, async () => {
    await send([{ level: 'info', message: 'not an error' }, { level: 'error', message: 'tail one' }]);
    await send([{ level: 'error', message: 'other service' }], 'worker');
    await send([{ level: 'error', message: 'tail two' }]);
  });
  assert.deepEqual(events.map((e) => e.data.message), ['tail one', 'tail two']);
  const resumed = await readEvents(url, { cookie: boot.cookie, 'last-event-id': events[0]!.id }, 1, async () => {});
  assert.equal(resumed[0]!.data.message, 'tail two');
  const unauth = await fetch(`${server.url}/api/logs/stream`);
  assert.equal(unauth.status, 401);
});

const cli = (args: string[], env: Record<string, string> = {}, input?: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, DEVSMITH_DATA_DIR: server.dataDir, LOG_LEVEL: 'silent', ...env },
    input,
    encoding: 'utf8',
  });

test('CLI: user create, project create prints the key once, send reads stdin, tail prints coloured lines', async () => {
  assert.match(cli(['migrate']), /Migrations applied/);
  assert.match(cli(['user', 'create', '--email', 'dev@example.com', '--name', 'Dev', '--password', 'dev password 1']), /Created member dev@example\.com/);
  const out = cli(['project', 'create', '--name', 'From CLI', '--owner', 'dev@example.com']);
  const key = /Ingest key \(shown once, store it now\): (dsk_\S+)/.exec(out)?.[1];
  assert.ok(key, out);
  const sent = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'send', '--service', 'cron'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, DEVSMITH_URL: server.url, DEVSMITH_API_KEY: key },
    input: 'line one\nline two\n\nline three\n',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  assert.equal(sent, '');
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dev@example.com', password: 'dev password 1' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const logs = (await fetch(`${server.url}/api/logs?project=from-cli`, { headers: { cookie } }).then((r) => r.json())) as { data: Array<{ message: string }> };
  assert.deepEqual(logs.data.map((l: { message: string }) => l.message).sort(), ['line one', 'line three', 'line two']);

  const { id: tokenId, token } = await fetch(`${server.url}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'tail' }) }).then((r) => r.json());
  const tail = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'tail', '--project', 'from-cli'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, DEVSMITH_URL: server.url, DEVSMITH_TOKEN: token },
  });
  let printed = '';
  let errors = '';
  tail.stdout.on('data', (d) => (printed += d));
  tail.stderr.on('data', (d) => (errors += d));
  const exited = new Promise<number | null>((resolve) => tail.once('exit', resolve));
  try {
    const deadline = Date.now() + 20_000;
    while (!printed.includes('tailed line') && Date.now() < deadline) {
      await fetch(`${server.url}/api/logs/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ service_name: 'cron', logs: [{ level: 'warn', message: 'tailed line\u001b[2J' }] }) });
      await new Promise((r) => setTimeout(r, 700));
    }
    assert.match(printed, /WARN\s+\[cron\] tailed line\\x1b\[2J/, 'control characters are escaped');
    // Revoking its token ends the tail: the CLI says why and stops, instead of reconnecting.
    await fetch(`${server.url}/api/auth/tokens/${tokenId}`, { method: 'DELETE', headers: { cookie } });
    assert.equal(await exited, 1);
    assert.match(errors, /the server ended the stream \(session_ended\)/);
  } finally {
    tail.kill();
  }
});

test('live tail and `devsmith tail --q` take the search language; a broken query is refused with where', async () => {
  const q = encodeURIComponent('(level:error OR ctx.n:>10) -"skip me"');
  const url = `${server.url}/api/logs/stream?project=${boot.project.slug}&q=${q}`;
  const events = await readEvents(url, { cookie: boot.cookie }, 2, async () => {
    await send([
      { level: 'error', message: 'skip me please' },
      { level: 'info', message: 'small n', context: { n: 3 } },
      { level: 'error', message: 'query one' },
      { level: 'info', message: 'query two', context: { n: 11 } },
    ]);
  });
  assert.deepEqual(events.map((e) => e.data.message), ['query one', 'query two']);

  const { token } = await fetch(`${server.url}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: boot.cookie }, body: JSON.stringify({ name: 'q' }) }).then((r) => r.json());
  const tail = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'tail', '--project', boot.project.slug, '--q', 'level:error "unclosed'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, DEVSMITH_URL: server.url, DEVSMITH_TOKEN: token },
  });
  let errors = '';
  tail.stderr.on('data', (d) => (errors += d));
  const code = await new Promise<number | null>((resolve) => tail.once('exit', resolve));
  assert.equal(code, 1);
  assert.match(errors, /unbalanced quote at 12/);
});
