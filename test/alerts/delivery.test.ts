/**
 * The delivery worker against real stores and a real webhook receiver: sends pending deliveries and records
 * them, retries with the documented backoff, gives up on a permanent failure, and — two workers on one
 * PostgreSQL database — never sends the same delivery twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKOFF_MS, startDeliveryWorker } from '../../src/alerts/delivery.js';
import { postgresBackend, sqliteBackend, type Backend } from '../../src/store/contract/harness.js';
import { webhookReceiver, type Receiver } from './receivers.js';
import { SECRET, seedDeliveries } from './seed.js';

const CONFIG = { alertsNotify: { allowPrivateTargets: true, smtp: null, timeoutMs: 3000 } };
const quiet = { info() {}, warn() {}, error() {} };
const PG = process.env.TEST_DATABASE_URL;

function suite(name: string, make: () => Backend) {
  describe(`delivery worker (${name})`, () => {
    let backend: Backend;
    let rx: Receiver;
    before(async () => {
      backend = make();
      rx = await webhookReceiver(SECRET);
    });
    after(async () => {
      await rx.close();
      await backend.cleanup();
    });

    test('sends pending deliveries once and records them sent', async () => {
      const store = await backend.fresh();
      const { channelId } = await seedDeliveries(store, `${rx.url}/ok`, 3);
      const worker = startDeliveryWorker({ store }, CONFIG, quiet, { pollMs: 3_600_000 });
      try {
        assert.equal(await worker.runOnce(), 3);
        assert.equal(await worker.runOnce(), 0, 'nothing left to send');
      } finally {
        await worker.stop();
      }
      const log = await store.listAlertDeliveries({ channelId });
      assert.deepEqual(log.map((d) => [d.status, d.attempts, d.lastStatusCode]), [['sent', 1, 200], ['sent', 1, 200], ['sent', 1, 200]]);
      const got = rx.received.filter((r) => r.raw.includes('12 logs matched'));
      assert.equal(got.length, 3);
      assert.ok(got.every((r) => r.refused === null), 'signed and schema-valid');
      assert.deepEqual(new Set(got.map((r) => r.headers['x-devsmith-event'])).size, 3);
    });

    test('a 503 is retried after 30 s, then 2 m ...; a 400 gives up at once', async () => {
      const store = await backend.fresh();
      let now = Date.now();
      const { channelId } = await seedDeliveries(store, `${rx.url}/flaky`, 1, now);
      const worker = startDeliveryWorker({ store }, CONFIG, quiet, { pollMs: 3_600_000, clock: () => now });
      try {
        let fails = 2;
        rx.answer = () => (fails-- > 0 ? 503 : 200);
        await worker.runOnce();
        let [d] = await store.listAlertDeliveries({ channelId });
        assert.deepEqual([d!.status, d!.attempts, d!.lastStatusCode, d!.nextAttemptAt], ['retrying', 1, 503, now + BACKOFF_MS[0]!]);
        assert.equal(await worker.runOnce(), 0, 'not before its time');
        now += BACKOFF_MS[0]!;
        await worker.runOnce();
        [d] = await store.listAlertDeliveries({ channelId });
        assert.deepEqual([d!.status, d!.attempts, d!.nextAttemptAt], ['retrying', 2, now + BACKOFF_MS[1]!]);
        now += BACKOFF_MS[1]!;
        await worker.runOnce();
        [d] = await store.listAlertDeliveries({ channelId });
        assert.deepEqual([d!.status, d!.attempts, d!.lastStatusCode, d!.lastError], ['sent', 3, 200, null]);

        const permanent = await seedDeliveries(store, `${rx.url}/gone`, 1, now);
        rx.answer = () => 404;
        await worker.runOnce();
        const [p] = await store.listAlertDeliveries({ channelId: permanent.channelId });
        assert.deepEqual([p!.status, p!.attempts, p!.lastStatusCode, p!.nextAttemptAt], ['failed', 1, 404, null]);
      } finally {
        rx.answer = () => 200;
        await worker.stop();
      }
    });

    test('after the last backoff step the delivery is failed', async () => {
      const store = await backend.fresh();
      let now = Date.now();
      const { channelId } = await seedDeliveries(store, `${rx.url}/down`, 1, now);
      const worker = startDeliveryWorker({ store }, CONFIG, quiet, { pollMs: 3_600_000, clock: () => now });
      rx.answer = () => 500;
      try {
        for (let i = 0; i <= BACKOFF_MS.length; i++) {
          await worker.runOnce();
          now += BACKOFF_MS[i] ?? 0;
        }
      } finally {
        rx.answer = () => 200;
        await worker.stop();
      }
      const [d] = await store.listAlertDeliveries({ channelId });
      assert.deepEqual([d!.status, d!.attempts, d!.nextAttemptAt], ['failed', BACKOFF_MS.length + 1, null]);
    });
  });
}

suite('SQLite', () => sqliteBackend());
if (PG) suite('PostgreSQL', () => postgresBackend(PG));
else test('delivery worker on PostgreSQL', (t) => t.skip('NOT RUN: set TEST_DATABASE_URL'));

describe('two delivery workers on one PostgreSQL database', () => {
  test('40 deliveries, two workers racing: each sent exactly once', { skip: PG ? false : 'NOT RUN: set TEST_DATABASE_URL' }, async () => {
    const backend = postgresBackend(PG!);
    const rx = await webhookReceiver(SECRET);
    const { openPostgresStore } = await import('../../src/store/postgres/index.js');
    const url = await backend.emptySchemaUrl();
    const a = await openPostgresStore({ url, poolSize: 4 });
    const b = await openPostgresStore({ url, poolSize: 4 });
    try {
      await a.migrate();
      const { channelId } = await seedDeliveries(a, `${rx.url}/race`, 40);
      // Slow answers keep both workers busy at once, so their claims overlap in time.
      rx.answer = () => 200;
      const workers = [startDeliveryWorker({ store: a }, CONFIG, quiet, { pollMs: 3_600_000, batch: 3, workerId: 'A' }), startDeliveryWorker({ store: b }, CONFIG, quiet, { pollMs: 3_600_000, batch: 3, workerId: 'B' })];
      const drain = async (w: (typeof workers)[number]) => {
        let idle = 0;
        while (idle < 3) idle = (await w.runOnce()) === 0 ? idle + 1 : 0;
      };
      await Promise.all(workers.map(drain));
      await Promise.all(workers.map((w) => w.stop()));
      const events = rx.received.filter((r) => r.raw.includes('12 logs matched')).map((r) => String(r.headers['x-devsmith-event']));
      assert.equal(events.length, 40, `received ${events.length} sends for 40 deliveries`);
      assert.equal(new Set(events).size, 40, 'no delivery sent twice');
      const log = await a.listAlertDeliveries({ channelId });
      assert.equal(log.length, 40);
      assert.ok(log.every((d) => d.status === 'sent' && d.attempts === 1), JSON.stringify(log.filter((d) => d.status !== 'sent' || d.attempts !== 1)));
    } finally {
      await rx.close();
      await a.close();
      await b.close();
      await backend.cleanup();
    }
  });
});
