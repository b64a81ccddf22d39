/**
 * docker-compose.scale.yml for real: PostgreSQL, Redis, two app instances and nginx, started from an env
 * file. Through the proxy: setup → project → ingest → query; a rate limit shared by both instances; a
 * regenerated key refused by both at once; one app container killed mid-load with no acknowledged log lost
 * and none stored twice; then the whole stack stops cleanly (every app exits 0 within the drain limit).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, tempDir } from '../helpers/server.js';
import { docker, inspect, json, required, sh, waitFor, waitReady } from './support.js';

const project = `devsmithdeploy${process.pid}`;
let envFile = '';
let base = '';
let cookie = '';

const compose = (...args: string[]) => sh('docker-compose', ['--env-file', envFile, '-p', project, '-f', 'docker-compose.scale.yml', ...args], { timeoutMs: 600_000 });
const containerOf = async (service: string) => (await compose('ps', '-q', service)).trim();
const psql = async (sql: string) => (await compose('exec', '-T', 'postgres', 'psql', '-U', 'devsmith', '-d', 'devsmith', '-Atc', sql)).trim();

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const dir = tempDir('devsmith-deploy-');
  envFile = path.join(dir, '.env');
  // The operator's .env (deploy/devsmith.env.example), with the locally built images.
  fs.writeFileSync(envFile, [
    `POSTGRES_PASSWORD=deploy-test-${Math.random().toString(36).slice(2)}`,
    `DEVSMITH_IMAGE=${required('DEVSMITH_DEPLOY_IMAGE')}`,
    `POSTGRES_IMAGE=${required('POSTGRES_IMAGE')}`,
    `REDIS_IMAGE=${required('REDIS_IMAGE')}`,
    `NGINX_IMAGE=${required('NGINX_IMAGE')}`,
    'DEVSMITH_BIND=127.0.0.1',
    `DEVSMITH_HTTP_PORT=${port}`,
    'DEVSMITH_RATE_LIMIT_PER_MINUTE=1000000',
    '',
  ].join('\n'));
  const started = Date.now();
  await compose('up', '-d', '--no-build');
  console.log(`scale stack up (PostgreSQL, Redis, 2 apps healthy, nginx): ${await waitReady(`${base}/readyz`, started)} ms`);
});

after(async () => {
  if (envFile) await compose('down', '-v', '--remove-orphans', '-t', '5').catch((e: Error) => console.error(e.message));
});

async function newProject(name: string, extra: Record<string, unknown> = {}): Promise<{ id: number; slug: string; key: string }> {
  const res = await fetch(`${base}/api/logs/projects`, json({ name, ...extra }, { cookie }));
  assert.equal(res.status, 201, await res.clone().text());
  const body = (await res.json()) as { project: { id: number; slug: string }; api_key: string };
  return { id: body.project.id, slug: body.project.slug, key: body.api_key };
}

const send = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/logs/batch`, json(body, { authorization: `Bearer ${key}`, ...headers }));

test('setup → project → ingest → query through the proxy', async () => {
  const setup = await fetch(`${base}/api/auth/setup`, json({ email: 'admin@example.com', password: 'correct horse battery', name: 'Admin' }));
  assert.equal(setup.status, 201, await setup.clone().text());
  cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
  const p = await newProject('Checkout');
  const sent = await send(p.key, { service_name: 'api', logs: [{ level: 'error', message: 'Database error', context: { code: 'ECONNREFUSED' } }, { level: 'info', message: 'hello through nginx' }] });
  assert.equal(sent.status, 201, await sent.clone().text());
  // Each request may land on either instance: the second reads what the first wrote, from PostgreSQL.
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${base}/api/logs?project=${p.slug}&q=database`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const { data } = (await res.json()) as { data: Array<{ message: string; level: string }> };
    assert.deepEqual(data.map((l) => [l.level, l.message]), [['ERROR', 'Database error']]);
  }
});

test('a rate limit is shared by both instances, a regenerated key is refused by both at once', async () => {
  const limited = await newProject('Limited', { rate_limit_per_minute: 10 });
  const statuses: number[] = [];
  for (let i = 0; i < 16; i++) statuses.push((await send(limited.key, { service_name: 'api', logs: [{ level: 'info', message: `r${i}` }] })).status);
  assert.deepEqual([statuses.filter((s) => s === 201).length, statuses.filter((s) => s === 429).length], [10, 6], `statuses ${statuses.join(',')}`);

  const p = await newProject('Rotating');
  // Both instances have the old key in their caches first (nginx spreads consecutive requests over both).
  for (let i = 0; i < 6; i++) assert.equal((await send(p.key, { service_name: 'api', logs: [{ level: 'info', message: 'warm' }] })).status, 201);
  const warmed = Date.now();
  const regen = await fetch(`${base}/api/logs/projects/${p.id}/regenerate-key`, { method: 'PUT', headers: { cookie } });
  assert.equal(regen.status, 200);
  const fresh = ((await regen.json()) as { api_key: string }).api_key;
  // Redis pub/sub reaches the other instance in about a millisecond; without it, its cache would accept the
  // old key for up to 5 s. A quarter of a second apart is "at once" with margin for a loaded machine.
  await new Promise((r) => setTimeout(r, 250));
  const old: number[] = [];
  for (let i = 0; i < 6; i++) old.push((await send(p.key, { service_name: 'api', logs: [{ level: 'info', message: 'stale' }] })).status);
  const elapsed = Date.now() - warmed;
  assert.ok(elapsed < 5000, `the check took ${elapsed} ms: past the caches' 5 s it would prove nothing`);
  assert.deepEqual(old, [401, 401, 401, 401, 401, 401], 'the old key is refused at once on every instance');
  for (let i = 0; i < 6; i++) assert.equal((await send(fresh, { service_name: 'api', logs: [{ level: 'info', message: 'fresh' }] })).status, 201);
});

test('one app container killed mid-load: every acknowledged log stored once', async () => {
  const p = await newProject('Load');
  const acked = new Set<string>();
  let stop = false;
  let retries = 0;
  const worker = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const messages = Array.from({ length: 100 }, (_, i) => `load-${w}-${n}-${i}`);
      const body = { service_name: 'load', logs: messages.map((message) => ({ level: 'info', message })) };
      // A client that retries with the same Idempotency-Key: a batch stored before its answer was lost is not stored again.
      for (let attempt = 0; ; attempt++) {
        const res = await send(p.key, body, { 'idempotency-key': `load-${w}-${n}` }).catch(() => null);
        if (res?.status === 201) {
          messages.forEach((m) => acked.add(m));
          break;
        }
        assert.ok(res === null || [502, 503, 504].includes(res.status), `unexpected ${res?.status}: ${await res?.text()}`);
        assert.ok(attempt < 40, 'a batch kept failing for 10 s');
        retries++;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  const started = Date.now();
  const workers = [0, 1, 2, 3].map(worker);
  await new Promise((r) => setTimeout(r, 3000));
  const victim = await containerOf('app1');
  await docker('kill', victim);
  const ackedAtKill = acked.size;
  await new Promise((r) => setTimeout(r, 5000));
  stop = true;
  await Promise.all(workers);
  const seconds = (Date.now() - started) / 1000;
  console.log(`load through nginx: ${acked.size} logs acknowledged in ${seconds.toFixed(1)} s (${Math.round(acked.size / seconds)} logs/s, 4 clients x 100-log batches), ${retries} retries; app1 SIGKILLed after ${ackedAtKill}`);
  assert.ok(acked.size > ackedAtKill, 'ingest went on through the surviving instance');
  const [total, distinct] = (await psql(`SELECT count(*), count(DISTINCT message) FROM logs WHERE project_id = ${p.id}`)).split('|').map(Number);
  assert.equal(distinct, total, 'no log stored twice');
  const stored = new Set((await psql(`SELECT message FROM logs WHERE project_id = ${p.id}`)).split('\n'));
  const lost = [...acked].filter((m) => !stored.has(m));
  assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acknowledged logs lost`);
  await compose('start', 'app1');
  await waitFor(async () => (await inspect<string>(await containerOf('app1'), '.State.Health.Status')) === 'healthy', 120_000, 'app1 healthy again');
});

test('the stack stops cleanly: each app drains and exits 0 within the grace period', async () => {
  const ids = { app1: await containerOf('app1'), app2: await containerOf('app2') };
  const started = Date.now();
  await compose('stop');
  const ms = Date.now() - started;
  console.log(`docker-compose stop: ${ms} ms`);
  for (const [name, id] of Object.entries(ids)) assert.equal(await inspect<number>(id, '.State.ExitCode'), 0, `${name} exit code`);
  assert.ok(ms < 45_000, `stop took ${ms} ms`);
});
