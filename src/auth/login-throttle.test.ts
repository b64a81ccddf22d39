/**
 * The sign-in throttle over both limiters: in memory, and on a real Redis shared by two instances (skipped,
 * by name, without TEST_REDIS_URL).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../ratelimit/limiter.js';
import { AppError } from '../errors.js';
import { accountDelayMs, addressKey, LoginThrottle } from './login-throttle.js';

/** The Retry-After (seconds) of the refusal `begin` throws, or 0 when the attempt may go ahead. */
async function waitFor(throttle: LoginThrottle, address: string, email: string): Promise<number> {
  try {
    (await throttle.begin(address, email))();
    return 0;
  } catch (err) {
    assert.ok(err instanceof AppError && err.code === 'TOO_MANY_LOGIN_ATTEMPTS', String(err));
    return Number(err.headers['Retry-After']);
  }
}

test('the delay doubles from 0.25 s and stops at 8 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 20].map(accountDelayMs), [0, 250, 500, 1000, 2000, 4000, 8000, 8000]);
});

function suite(name: string, limiters: () => Promise<[RateLimiter, RateLimiter]>) {
  test(`${name}: failures slow the failing addresses, never a clean one; the address limit holds`, async () => {
    const [a, b] = await limiters();
    try {
      // Two instances sharing one limiter backend: the account's failures add up across them.
      const one = new LoginThrottle(a, 3);
      const two = new LoginThrottle(b, 3);
      const waits: number[] = [];
      for (let i = 1; i <= 6; i++) {
        const instance = i % 2 ? one : two;
        assert.equal(await waitFor(instance, `10.0.0.${i}`, 'Admin@Example.com'), 0, `clean address ${i}`);
        await instance.failed(`10.0.0.${i}`, 'admin@example.com');
        waits.push(await waitFor(i % 2 ? two : one, `10.0.0.${i}`, 'admin@example.com'));
      }
      // 0.25, 0.5, 1, 2, 4, 8 s rounded up (a wait can only look shorter, by the time that passed since).
      const expected = [1, 1, 1, 2, 4, 8];
      assert.ok(waits.every((w, i) => w <= expected[i]!) && waits[5]! >= 5, `each failure lengthens the wait, on either instance: ${waits}`);
      assert.equal(await waitFor(one, '10.0.9.9', 'admin@example.com'), 0, 'a clean address is never slowed');

      for (const email of ['x@example.com', 'y@example.com', 'z@example.com']) await one.failed('10.0.0.50', email);
      assert.ok((await waitFor(two, '10.0.0.50', 'other@example.com')) > 60, 'the address used up its 3 failures');
      await one.succeeded('10.0.0.1', 'admin@example.com');
      assert.equal(await waitFor(two, '10.0.0.1', 'admin@example.com'), 0, 'signing in ends the slow-down for that address');
    } finally {
      await a.close();
      await b.close();
    }
  });
}

suite('in memory', async () => {
  const shared = new MemoryRateLimiter();
  return [shared, shared];
});

describe('on Redis', () => {
  const url = process.env.TEST_REDIS_URL;
  if (!url) {
    test('LoginThrottle on Redis', (t) => t.skip('Redis tests NOT RUN: set TEST_REDIS_URL (npm run test:all starts Redis)'));
    return;
  }
  const prefix = `devsmith:test:${randomBytes(4).toString('hex')}:`;
  suite('two instances on one Redis', async () => {
    const a = new RedisRateLimiter(url, prefix);
    const b = new RedisRateLimiter(url, prefix);
    await Promise.all([a.ready(), b.ready()]);
    return [a, b];
  });
});

test('an IPv6 address counts by its /64 network; IPv4 (mapped or not) by itself', () => {
  assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:db8::5'), '2001:db8:0:0::/64');
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
  assert.equal(addressKey('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(addressKey('203.0.113.9'), '203.0.113.9');
});

test('addresses in one IPv6 /64 share one allowance', async () => {
  const throttle = new LoginThrottle(new MemoryRateLimiter(), 2);
  await throttle.failed('2001:db8:7:7::1', 'a@example.com');
  await throttle.failed('2001:db8:7:7::2', 'b@example.com');
  assert.ok((await waitFor(throttle, '2001:db8:7:7:ffff::3', 'c@example.com')) > 60);
  assert.equal(await waitFor(throttle, '2001:db8:7:8::1', 'c@example.com'), 0, 'the next /64 is another client');
});
