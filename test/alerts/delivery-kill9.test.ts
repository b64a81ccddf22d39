/**
 * kill -9 of the server while it delivers an alert: the receiver holds the request, the server dies, the
 * restarted server finds the claim's lease expired, counts the lost attempt, retries, and the delivery log
 * shows one delivery 'sent' with 2 attempts (the receiver saw the same X-DevSmith-Event twice: at least
 * once, de-duplicated on the event id, as docs/alerts-channels.md says). SQLite, and PostgreSQL with
 * TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/types.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { PG_MISSING, PG_URL, postgresBackend, sqliteBackend, sleep, type Backend } from '../faults/support.js';
import { webhookReceiver } from './receivers.js';
import { SECRET, seedDeliveries } from './seed.js';
// A 3 s send timeout gives a 16 s lease (2 x timeout + 10 s): the restarted server retries after that.
const ENV = { DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS: '1', DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS: '3', LOG_LEVEL: 'warn' };

async function openStore(backend: Backend): Promise<Store> {
  if (backend.name === 'postgres') {
    const s = await openPostgresStore({ url: backend.env.DATABASE_URL!, poolSize: 2 });
    await s.migrate();
    return s;
  }
  return openSqliteStore({ path: path.join(backend.dataDir, 'devsmith.db') });
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function killMidDelivery(backend: Backend): Promise<void> {
  const rx = await webhookReceiver(SECRET);
  let server: RunningServer | null = null;
  try {
    let store = await openStore(backend);
    const { rule, channelId } = await seedDeliveries(store, `${rx.url}/hook`, 1);
    await store.updateAlertRule(rule.id, { enabled: false }); // only the seeded delivery is in play
    await store.close();

    let killed: Promise<void> | null = null;
    rx.answer = () => {
      if (!killed) {
        // The first send: never answered; the server dies holding the claim (it may not be marked ready yet).
        killed = (async () => {
          while (!server) await sleep(20);
          await server.kill();
        })();
        return 'hang';
      }
      return 200;
    };
    const env = { ...ENV, ...backend.env };
    server = await startServer({ env, dataDir: backend.dataDir });
    await waitFor(() => killed !== null, 20_000, 'the first delivery attempt');
    await killed;
    server = await startServer({ env, dataDir: backend.dataDir });
    await waitFor(() => rx.received.length >= 2, 40_000, 'the retry after the lease expired');
    await sleep(1000); // its answer recorded
    await server.stop();
    server = null;

    const events = rx.received.map((r) => r.headers['x-devsmith-event']);
    assert.equal(events.length, 2, 'one lost send, one retry');
    assert.equal(events[0], events[1], 'the retry is the same event');
    assert.ok(rx.received.every((r) => r.refused === null));
    store = await openStore(backend);
    try {
      const log = await store.listAlertDeliveries({ channelId });
      assert.equal(log.length, 1);
      assert.deepEqual([log[0]!.status, log[0]!.attempts, log[0]!.lastStatusCode, log[0]!.claimedBy], ['sent', 2, 200, null]);
    } finally {
      await store.close();
    }
  } finally {
    await server?.kill();
    await rx.close();
  }
}

describe('kill -9 mid-delivery', { timeout: 180_000 }, () => {
  test('SQLite: after the restart the alert is sent, once, with the lost attempt counted', async () => {
    const backend = await sqliteBackend();
    try {
      await killMidDelivery(backend);
    } finally {
      await backend.dispose();
    }
  });

  test('PostgreSQL: after the restart the alert is sent, once, with the lost attempt counted', { skip: PG_URL ? false : PG_MISSING }, async () => {
    const backend = await postgresBackend();
    try {
      await killMidDelivery(backend);
    } finally {
      await backend.dispose();
    }
  });
});
