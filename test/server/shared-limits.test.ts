/** Two instances on one Redis enforce one rate limit; live tail on one instance sees logs sent to the other. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bootstrap, startServer, tempDir, type RunningServer } from '../helpers/server.js';

const redisUrl = process.env.TEST_REDIS_URL;

if (!redisUrl) {
  test('shared rate limit across instances', (t) => t.skip('Redis tests NOT RUN: set TEST_REDIS_URL (npm run test:all starts Redis)'));
} else {
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    const dataDir = tempDir();
    // A unique limit per run, so that earlier runs' Redis counters cannot interfere.
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
}
