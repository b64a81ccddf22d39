/** docker-compose.yml as a first-time user runs it: the app alone on SQLite in a named volume. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { freePort } from '../helpers/server.js';
import { json, required, sh, waitReady } from './support.js';

const project = `devsmithsingle${process.pid}`;
let env: Record<string, string> = {};
const compose = (...args: string[]) => sh('docker-compose', ['-p', project, '-f', 'docker-compose.yml', ...args], { env, timeoutMs: 300_000 });

after(async () => {
  await compose('down', '-v', '-t', '5').catch((e: Error) => console.error(e.message));
});

test('docker-compose.yml: up, setup, ingest, query, backup in the container, stop with exit 0', async () => {
  const port = await freePort();
  env = { DEVSMITH_IMAGE: required('DEVSMITH_DEPLOY_IMAGE'), DEVSMITH_BIND: '127.0.0.1', DEVSMITH_HTTP_PORT: String(port) };
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await compose('up', '-d', '--no-build');
  console.log(`single-instance stack ready in ${await waitReady(`${base}/readyz`, started)} ms`);
  const setup = await fetch(`${base}/api/auth/setup`, json({ email: 'admin@example.com', password: 'correct horse battery', name: 'Admin' }));
  assert.equal(setup.status, 201);
  const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
  const created = await fetch(`${base}/api/logs/projects`, json({ name: 'Solo' }, { cookie }));
  const { project: p, api_key: key } = (await created.json()) as { project: { slug: string }; api_key: string };
  const sent = await fetch(`${base}/api/logs/batch`, json({ service_name: 'api', logs: [{ level: 'warn', message: 'disk almost full' }] }, { authorization: `Bearer ${key}` }));
  assert.equal(sent.status, 201);
  const res = await fetch(`${base}/api/logs?project=${p.slug}`, { headers: { cookie } });
  assert.deepEqual(((await res.json()) as { data: Array<{ message: string }> }).data.map((l) => l.message), ['disk almost full']);
  const backup = await compose('exec', '-T', 'app', 'node', '/app/dist/cli/main.js', 'backup', '--out', '/data/first.db');
  assert.match(backup, /1 logs in 1 projects/);
  const id = (await compose('ps', '-q', 'app')).trim();
  await compose('stop');
  assert.equal(JSON.parse(await sh('docker', ['inspect', '--format', '{{json .State.ExitCode}}', id])), 0);
});
