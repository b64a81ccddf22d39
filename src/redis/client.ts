/**
 * ioredis, loaded on first use: most installs run without REDIS_URL, and importing the client costs a few
 * hundred milliseconds of a cold start (the image's start-to-ready target is 2 s). ioredis is CommonJS, so it
 * can be required synchronously from the constructors that need it.
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';

const require = createRequire(import.meta.url);
let RedisClass: typeof Redis | null = null;

/** A new ioredis connection to `url`. */
export function newRedis(url: string, options: RedisOptions = {}): Redis {
  RedisClass ??= (require('ioredis') as typeof import('ioredis')).Redis;
  return new RedisClass(url, options);
}
