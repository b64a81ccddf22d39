/**
 * Issue 9: one request with 2,000 entries dated on 2,000 past days created 2,000 PostgreSQL day partitions,
 * and afterwards every query without `project=` timed out. Entries older than DEVSMITH_MAX_PAST_AGE_DAYS are
 * now stored at receive time with the client's value in context; the queries stay answered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { postgresBackend, sqliteBackend, type Backend } from '../../src/store/contract/harness.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/config.js';
import { batch, createProject, setupAdmin, type App, type Session } from '../helpers/app.js';
import { tempDir } from '../helpers/server.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const config = () => loadConfig({ DEVSMITH_DATA_DIR: tempDir(), LOG_LEVEL: 'silent', DEVSMITH_WEB_DIR: '/nonexistent' });

/** An app on a fresh store; on PostgreSQL also a way to count the day partitions of `logs`. */
async function open(backend: Backend): Promise<{ app: App; partitions: () => Promise<number | null> }> {
  if (backend.name === 'sqlite') return { app: await buildApp(config(), { store: await backend.fresh() }), partitions: async () => null };
  const url = await (backend as ReturnType<typeof postgresBackend>).emptySchemaUrl();
  const store = await openPostgresStore({ url, poolSize: 4 });
  await store.migrate();
  const partitions = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'logs'::regclass")).rows[0].n as number;
    } finally {
      await c.end();
    }
  };
  return { app: await buildApp(config(), { store }), partitions };
}

const list: Backend[] = [sqliteBackend()];
if (process.env.TEST_DATABASE_URL) list.push(postgresBackend(process.env.TEST_DATABASE_URL));
else test('PostgreSQL past-days test', (t) => t.skip('PostgreSQL past-days test NOT RUN: set TEST_DATABASE_URL'));

for (const backend of list) {
  describe(`2,000 entries on 2,000 past days (${backend.name})`, () => {
    let app: App;
    let partitions: () => Promise<number | null>;
    let admin: Session;
    before(async () => {
      ({ app, partitions } = await open(backend));
      admin = await setupAdmin(app);
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const get = async (url: string) => {
      const res = await app.app.inject({ url, headers: { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };

    test('a bounded number of partitions, every entry stored, queries without project= still answered', async () => {
      const p = await createProject(app, admin, 'Backfill');
      const sent = Date.now();
      // Entry i is i + 1 days old (less an hour, so that entry 29 is just inside the 30-day window).
      const logs = Array.from({ length: 2000 }, (_, i) => ({ level: 'info', message: `day ${i}`, timestamp: new Date(sent - (i + 1) * DAY + HOUR).toISOString() }));
      const res = await app.app.inject(batch(p.key, { service_name: 'backfill', logs }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().count, 2000);

      const n = await partitions();
      if (n !== null) assert.ok(n >= 30 && n <= 32, `${n} day partitions: the 30 days inside the window and today, not 2,000`);

      const stored = new Map<string, { timestamp: string; context: Record<string, unknown> }>();
      let page = await get(`/api/logs?limit=1000&from=1970-01-01T00:00:00Z`);
      for (;;) {
        for (const l of page.data) stored.set(l.message, l);
        if (!page.next_cursor) break;
        page = await get(`/api/logs?limit=1000&from=1970-01-01T00:00:00Z&cursor=${page.next_cursor}`);
      }
      assert.equal(stored.size, 2000, 'nothing acknowledged is lost');
      for (let i = 0; i < 2000; i++) {
        const l = stored.get(`day ${i}`)!;
        if (i < 30) {
          assert.equal(l.timestamp, logs[i]!.timestamp, `day ${i} keeps its time`);
          assert.equal(l.context._client_timestamp, undefined);
        } else {
          assert.equal(l.context._client_timestamp, logs[i]!.timestamp, `day ${i} keeps the client value`);
          assert.ok(Date.parse(l.timestamp) >= sent, `day ${i} is filed at receive time`);
        }
      }

      const newest = await get('/api/logs?limit=50'); // no project=, no from
      assert.equal(newest.data.length, 50);
      const projects = await get('/api/logs/projects');
      assert.deepEqual(projects.data.map((x: { log_count: number }) => x.log_count), [2000]);
      assert.equal((await get('/api/logs/count')).count, 2000);
    });
  });
}
