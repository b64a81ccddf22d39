/**
 * Real clients of both protocols against the real server listening on a port (SQLite; the store's part is
 * covered on both stores by loki.test.ts and elasticsearch.test.ts):
 * - pino-loki 3 (JSON push, Basic auth) and winston-loki 6 (protobuf + Snappy through the `snappy` package,
 *   as Promtail sends it), the Loki transports of the two most used Node loggers;
 * - @elastic/elasticsearch 8 (the official client: product check on every answer, compatibility media
 *   types, ApiKey auth): info, cluster health, bulk and its bulk helper.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import pino from 'pino';
import { pinoLoki } from 'pino-loki';
import winston from 'winston';
import LokiTransport from 'winston-loki';
import { createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';
import { sqliteBackend } from '../../src/store/contract/harness.js';

describe('real Loki and Elasticsearch clients', () => {
  const backend = sqliteBackend();
  let app: App;
  let admin: Session;
  let project: { id: number; slug: string; key: string };
  let url: string;
  before(async () => {
    app = await makeApp(backend);
    admin = await setupAdmin(app);
    project = await createProject(app, admin);
    url = await app.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await app.shutdown();
    await backend.cleanup();
  });

  /** The service's logs once `count` have arrived (clients send in the background). */
  async function arrived(service: string, count: number): Promise<Array<Record<string, any>>> {
    for (let i = 0; i < 100; i++) {
      const res = await app.app.inject({ url: `/api/logs?project=${project.slug}&service=${service}&limit=100`, headers: { cookie: admin.cookie } });
      const data = res.json().data as Array<Record<string, any>>;
      if (data.length >= count) return data;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`${count} logs of ${service} did not arrive within 10 s`);
  }

  test('pino-loki: JSON push with Basic auth; pino levels and fields mapped', async () => {
    const errors: unknown[] = [];
    const stream = pinoLoki({ host: url, basicAuth: { username: 'pino', password: project.key }, labels: { app: 'pino-app' }, batching: false, silenceErrors: false });
    stream.on('error', (err) => errors.push(err));
    const logger = pino({ level: 'debug' }, stream);
    logger.info({ order: 7 }, 'order placed');
    logger.error({ err: { message: 'card declined' } }, 'payment failed');
    const logs = await arrived('pino-app', 2);
    assert.deepEqual(errors, []);
    const placed = logs.find((l) => l.message === 'order placed')!;
    assert.equal(placed.level, 'INFO');
    assert.equal(placed.context.order, 7);
    assert.equal(logs.find((l) => l.message === 'payment failed')!.level, 'ERROR');
  });

  test('winston-loki: protobuf + Snappy push with Basic auth', async () => {
    // winston-loki falls back to JSON silently when it cannot load `snappy`: it must load, or this tests JSON again.
    assert.equal(typeof createRequire(import.meta.resolve('winston-loki'))('snappy').compressSync, 'function');
    const errors: unknown[] = [];
    const transport = new LokiTransport({ host: url, basicAuth: `winston:${project.key}`, labels: { app: 'winston-app' }, json: false, batching: true, interval: 0.2, onConnectionError: (err) => errors.push(err) });
    const logger = winston.createLogger({ transports: [transport] });
    logger.warn('disk almost full', { disk: '/var' });
    logger.info('started');
    await transport.flush();
    const logs = await arrived('winston-app', 2);
    assert.deepEqual(errors, []);
    assert.equal(logs.find((l) => l.message.includes('disk almost full'))!.level, 'WARN');
    transport.close?.();
  });

  test('@elastic/elasticsearch 8: info passes the product check, health, bulk and the bulk helper', async () => {
    const client = new Client({ node: url, auth: { apiKey: project.key } });
    try {
      const info = await client.info();
      assert.equal(info.version.number, '8.11.0');
      assert.equal((await client.cluster.health()).status, 'green');
      const res = await client.bulk({ operations: [
        { index: { _index: 'es-client-2026.12.02' } }, { '@timestamp': new Date().toISOString(), message: 'from the official client', 'log.level': 'warn' },
        { delete: { _index: 'es-client-2026.12.02', _id: 'x' } },
      ] });
      assert.equal(res.errors, true);
      assert.equal(res.items[0]!.index!.status, 201);
      assert.equal(res.items[1]!.delete!.status, 400);
      const stats = await client.helpers.bulk({
        datasource: Array.from({ length: 50 }, (_, i) => ({ message: `helper ${i}`, service: 'es-helper' })),
        onDocument: () => ({ create: { _index: 'ignored-index' } }),
      });
      assert.equal(stats.successful, 50);
      assert.equal(stats.failed, 0);
      assert.equal((await arrived('es-client', 1))[0]!.level, 'WARN');
      assert.equal((await arrived('es-helper', 50)).length, 50);
    } finally {
      await client.close();
    }
  });
});
