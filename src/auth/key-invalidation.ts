/**
 * Tells every instance sharing one Redis that a project's ingest key changed (key regenerated, project
 * deactivated, limit changed), so that their key caches drop it at once rather than within the cache's TTL.
 * Redis pub/sub delivers at most once and only to instances connected at the time: an instance that misses a
 * message (Redis down, reconnecting) still sees the change when its cache entry expires (5 s).
 */
import type { Redis } from 'ioredis';
import { newRedis } from '../redis/client.js';

const CHANNEL = 'devsmith:ingest-key-invalidations';

export class RedisKeyInvalidations {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly subscribed: Promise<unknown>;

  constructor(url: string, onInvalidate: (projectId: number) => void) {
    // Publishing must never hold up a request: fail at once while Redis is down.
    this.pub = newRedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    // The subscriber queues its SUBSCRIBE until connected and subscribes again after every reconnect.
    this.sub = newRedis(url, { autoResubscribe: true });
    for (const r of [this.pub, this.sub]) {
      r.on('error', () => {
        /* ioredis reconnects by itself; meanwhile caches fall back to their TTL */
      });
    }
    this.sub.on('message', (_channel: string, message: string) => {
      const id = Number(message);
      if (Number.isSafeInteger(id)) onInvalidate(id);
    });
    this.subscribed = this.sub.subscribe(CHANNEL);
  }

  /** Announces a change; errors are ignored (the other instances' TTL still bounds how stale they are). */
  publish(projectId: number): void {
    this.pub.publish(CHANNEL, String(projectId)).catch(() => {});
  }

  /** Resolves once subscribed (startup check), rejects after `timeoutMs`. */
  async ready(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer within 5 s')), timeoutMs);
    });
    try {
      await Promise.race([this.subscribed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
