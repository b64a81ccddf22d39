/** Two instances on one Redis enforce one rate limit and drop a changed ingest key from their caches at once. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { bootstrap, startServer, tempDir, type RunningServer } from '../helpers/server.js';

const redisUrl = process.env.TEST_REDIS_URL;

if (!redisUrl) {
  test('shared rate limit across instances', (t) => t.skip('Redis tests NOT RUN: set TEST_REDIS_URL (npm run test:all starts Redis)'));
} else {
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    // Project ids start again at 1 in a new data dir: counters left by an earlier run (same minute) must go.
    const redis = new Redis(redisUrl);
    const stale = await redis.keys('devsmith:rl:ingest:*');
    if (stale.length) await redis.del(...stale);
    redis.disconnect();
    const dataDir = tempDir();
    const env = { REDIS_URL: redisUrl, DEVSMITH_RATE_LIMIT_PER_MINUTE: '6' };
    a = await startServer({ dataDir, env });
    b = await startServer({ dataDir, env });
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  test('two instances on one Redis enforce one shared rate limit', async () => {
    const { apiKey } = await bootstrap(a.url);
    const send = (url: string) =>
      fetch(`${url}/api/logs/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ service_name: 'rl', logs: [{ level: 'info', message: 'hi' }] }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await send(a.url)).status, (await send(b.url)).status);
    }
    assert.equal(statuses.filter((s) => s === 201).length, 6, `one limit of 6 across both: ${statuses}`);
    assert.equal(statuses.filter((s) => s === 429).length, 4);
    const limited = await send(b.url);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.match(limited.headers.get('ratelimit-policy') ?? '', /q=6;w=60/);
  });

  test('a key regenerated or a project deactivated on one instance stops working on the other at once', async () => {
    const { apiKey, cookie, project } = await bootstrap(a.url);
    const send = (url: string, key: string) =>
      fetch(`${url}/api/logs/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ service_name: 'keys', logs: [{ level: 'info', message: 'hi' }] }),
      });
    // B caches the key for 5 s: without the announcement through Redis it would keep accepting the old one.
    assert.equal((await send(b.url, apiKey)).status, 201);
    const regenerated = await fetch(`${a.url}/api/logs/projects/${project.id}/regenerate-key`, { method: 'PUT', headers: { cookie } });
    assert.equal(regenerated.status, 200);
    const newKey = ((await regenerated.json()) as { api_key: string }).api_key;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await send(b.url, apiKey)).status, 401, 'B still accepted the old key');
    assert.equal((await send(b.url, newKey)).status, 201);

    const deactivated = await fetch(`${a.url}/api/logs/projects/${project.id}`, { method: 'DELETE', headers: { cookie } });
    assert.ok(deactivated.ok, `deactivate: ${deactivated.status}`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await send(b.url, newKey)).status, 403, 'B still accepted the key of a deactivated project');
  });
}
