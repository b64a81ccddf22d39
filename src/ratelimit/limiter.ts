/**
 * Fixed-window counters: in memory by default, in Redis when REDIS_URL is set so that every instance behind
 * a load balancer shares one limit. Used for ingest keys (requests per minute) and sign-in failures.
 */
import type { Redis } from 'ioredis';
import { newRedis } from '../redis/client.js';

export interface Verdict {
  allowed: boolean;
  /** Hits counted in the current window. */
  count: number;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export interface RateLimiter {
  /** Counts one hit against `key` and says whether it is within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<Verdict>;
  /** The current state without counting a hit. */
  peek(key: string, limit: number, windowMs: number): Promise<Verdict>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

function verdict(count: number, limit: number, resetMs: number): Verdict {
  return { allowed: count <= limit, count, limit, remaining: Math.max(0, limit - count), resetMs: Math.max(0, resetMs) };
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweep = setInterval(() => this.expire(), 60_000).unref();

  private current(key: string, windowMs: number, now: number) {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<Verdict> {
    const now = Date.now();
    const w = this.current(key, windowMs, now);
    w.count++;
    return verdict(w.count, limit, w.resetAt - now);
  }

  async peek(key: string, limit: number, windowMs: number): Promise<Verdict> {
    const now = Date.now();
    const w = this.current(key, windowMs, now);
    return verdict(w.count, limit, w.resetAt - now);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private expire(): void {
    const now = Date.now();
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
  }
}

// INCR and set the expiry atomically on the first hit of a window; returns [count, pttl].
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'devsmith:rl:') {
    // Fail fast rather than queue commands forever while Redis is down.
    this.redis = newRedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => {
      /* reported through failed hits; ioredis reconnects by itself */
    });
  }

  async hit(key: string, limit: number, windowMs: number): Promise<Verdict> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, this.prefix + key, windowMs)) as [number, number];
    return verdict(count, limit, ttl);
  }

  async peek(key: string, limit: number, windowMs: number): Promise<Verdict> {
    const [count, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
    return verdict(Number(count ?? 0), limit, ttl > 0 ? ttl : windowMs);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /** Resolves once connected (startup check), rejects after `timeoutMs`. */
  async ready(timeoutMs = 5_000): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('Redis did not answer within 5 s')), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

/** The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers) for a verdict. */
export function rateLimitHeaders(v: Verdict, windowMs: number): Record<string, string> {
  const reset = Math.ceil(v.resetMs / 1000);
  const headers: Record<string, string> = {
    'RateLimit-Policy': `"default";q=${v.limit};w=${Math.round(windowMs / 1000)}`,
    RateLimit: `"default";r=${v.remaining};t=${reset}`,
  };
  if (!v.allowed) headers['Retry-After'] = String(Math.max(1, reset));
  return headers;
}
