/**
 * Daily quota counters: how many logs a project has had accepted today. In memory for one instance, in
 * Redis when REDIS_URL is set, so that every instance draws from one quota. A counter starts from the
 * store's usage table (what was committed before a restart or a Redis flush), then counts reservations.
 */
import type { Redis } from 'ioredis';
import { newRedis } from '../redis/client.js';

export interface QuotaCounter {
  /**
   * Takes up to `n` of the day's `limit` for the project: returns how many were granted (0..n) and the count
   * after them. `start` gives the count to begin from when the counter has none for that day.
   */
  reserve(projectId: number, day: number, n: number, limit: number, start: () => Promise<number>): Promise<{ granted: number; used: number }>;
  /** Gives back what a failed or duplicate commit did not use. */
  release(projectId: number, day: number, n: number): Promise<void>;
  close(): Promise<void>;
}

export class MemoryQuotaCounter implements QuotaCounter {
  private readonly counts = new Map<string, number>();
  private readonly starting = new Map<string, Promise<number>>();

  async reserve(projectId: number, day: number, n: number, limit: number, start: () => Promise<number>) {
    const key = `${projectId}:${day}`;
    if (!this.counts.has(key)) {
      // Concurrent first requests share one read of the store.
      let p = this.starting.get(key);
      if (!p) {
        p = start();
        this.starting.set(key, p);
      }
      try {
        const initial = await p;
        if (!this.counts.has(key)) this.counts.set(key, initial);
      } finally {
        this.starting.delete(key);
      }
      this.dropOlderThan(day);
    }
    const used = this.counts.get(key)!;
    const granted = Math.min(n, Math.max(0, limit - used));
    this.counts.set(key, used + granted);
    return { granted, used: used + granted };
  }

  async release(projectId: number, day: number, n: number) {
    const key = `${projectId}:${day}`;
    const used = this.counts.get(key);
    if (used !== undefined) this.counts.set(key, Math.max(0, used - n));
  }

  private dropOlderThan(day: number): void {
    for (const key of this.counts.keys()) if (Number(key.slice(key.indexOf(':') + 1)) < day - 1) this.counts.delete(key);
  }

  async close() {}
}

// KEYS[1] counter; ARGV n, limit, start ('' when unknown), ttl ms. Returns {granted, used}, or {-1, 0} when
// the counter is missing and no start was given (the caller reads the store and calls again).
const RESERVE = `
local cur = redis.call('GET', KEYS[1])
if not cur then
  if ARGV[3] == '' then return {-1, 0} end
  cur = tonumber(ARGV[3])
  redis.call('SET', KEYS[1], cur, 'PX', ARGV[4])
else
  cur = tonumber(cur)
end
local n = tonumber(ARGV[1])
local grant = math.min(n, math.max(0, tonumber(ARGV[2]) - cur))
if grant > 0 then redis.call('INCRBY', KEYS[1], grant) end
return {grant, cur + grant}`;

/** Two days: long enough to outlive the day it counts on every clock. */
const TTL_MS = 2 * 86_400_000;

export class RedisQuotaCounter implements QuotaCounter {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'devsmith:quota:') {
    this.redis = newRedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => {
      /* reported through failed calls; ioredis reconnects by itself */
    });
  }

  async reserve(projectId: number, day: number, n: number, limit: number, start: () => Promise<number>) {
    const key = `${this.prefix}${projectId}:${day}`;
    let [granted, used] = (await this.redis.eval(RESERVE, 1, key, n, limit, '', TTL_MS)) as [number, number];
    if (granted === -1) [granted, used] = (await this.redis.eval(RESERVE, 1, key, n, limit, await start(), TTL_MS)) as [number, number];
    return { granted, used };
  }

  async release(projectId: number, day: number, n: number) {
    if (n > 0) await this.redis.decrby(`${this.prefix}${projectId}:${day}`, n);
  }

  async close() {
    this.redis.disconnect();
  }

  /** Resolves once connected (startup check; without it the first calls fail while connecting). */
  async ready(timeoutMs = 5_000): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
