/**
 * PostgreSQL-only behaviour the contract suite cannot express: outages map to StoreUnavailableError and
 * the pool recovers, concurrent migrations and partition creation, and the text filter using its index.
 *   TEST_DATABASE_URL=postgres://devsmith:devsmith@127.0.0.1:5432/postgres node --import tsx --test src/store/postgres/postgres.test.ts
 */
import { parseQuery } from '../../search/index.js';
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { postgresBackend, row, withProject } from '../contract/harness.js';
import { StoreUnavailableError, type Store } from '../types.js';
import { createDb } from './db.js';
import { openPostgresStore } from './index.js';
import { MIGRATIONS } from './migrations.js';
import { MESSAGE_TSV } from './text-search.js';
import { parseSketch, type Sketch } from '../../perf/sketch.js';
import { sketchArrayLiteral } from '../../perf/sketch-array.js';

const url = process.env.TEST_DATABASE_URL;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function sql<T extends pg.QueryResultRow = any>(connectionString: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

test('an unreachable server is a StoreUnavailableError, not a hang', async () => {
  const store = await openPostgresStore({ url: `postgres://x:y@127.0.0.1:${await closedPort()}/none` });
  try {
    await assert.rejects(store.ping(), StoreUnavailableError);
    await assert.rejects(store.commitBatches([{ rows: [row(1)] }]), StoreUnavailableError);
    await assert.rejects(store.migrate(), StoreUnavailableError);
  } finally {
    await store.close();
  }
});

if (!url) {
  test('PostgreSQL store tests', (t) => t.skip('PostgreSQL store tests NOT RUN: set TEST_DATABASE_URL'));
} else {
  describe('PostgreSQL store', () => {
    const backend = postgresBackend(url);
    const opened: Store[] = [];
    const open = async (u: string) => {
      const s = await openPostgresStore({ url: u, poolSize: 4 });
      opened.push(s);
      return s;
    };
    after(async () => {
      await Promise.allSettled(opened.map((s) => s.close()));
      await backend.cleanup();
    });

    test('terminated connections: the call in flight fails with StoreUnavailableError, then the pool recovers', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await open(schemaUrl);
      await s.migrate();
      await s.countUsers(); // leaves an idle pooled connection behind
      const admin = new pg.Client({ connectionString: schemaUrl });
      await admin.connect();
      try {
        // Hold a lock so that the store's next query is in flight when its backend is terminated (57P01).
        await admin.query('BEGIN');
        await admin.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
        const blocked = assert.rejects(s.countUsers(), StoreUnavailableError);
        // And a transaction on a checked-out client (an 'error' event there must not crash the process).
        const blockedTx = assert.rejects(
          s.createFirstUser({ email: 'a@example.com', name: 'A', role: 'admin', passwordHash: 'x' }),
          StoreUnavailableError,
        );
        await new Promise((r) => setTimeout(r, 200));
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'devsmith-logs' AND datname = current_database()",
        );
        await blocked;
        await blockedTx;
        await admin.query('ROLLBACK');
      } finally {
        await admin.end();
      }
      // Idle clients were terminated too: the pool's error handler kept the process alive, and it reconnects.
      assert.equal(await s.countUsers(), 0);
      await s.ping();
    });

    test('two instances migrating the same empty schema at once apply each migration once', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const [a, b] = [await open(schemaUrl), await open(schemaUrl)];
      await Promise.all([a.migrate(), b.migrate(), a.migrate()]);
      const rows = await sql(schemaUrl, 'SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
    });

    test('devsmith_sketch_add (migration 13) sums per key: shared, one-sided, below and above, the zero bucket, either side empty', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      await (await open(schemaUrl)).migrate();
      const add = async (a: Sketch, b: Sketch) =>
        parseSketch((await sql(schemaUrl, 'SELECT devsmith_sketch_add($1::bigint[], $2::bigint[])::text AS m', [sketchArrayLiteral(a), sketchArrayLiteral(b)]))[0].m);
      assert.deepEqual(await add({ '-3': 2, 10: 4, z: 1 }, { 10: 3, 11: 1, z: 2 }), { '-3': 2, 10: 7, 11: 1, z: 3 });
      assert.deepEqual(await add({ 50: 1, 52: 2 }, { '-100': 1, 51: 1, 400: 5 }), { '-100': 1, 50: 1, 51: 1, 52: 2, 400: 5 });
      assert.deepEqual(await add({}, { 5: 1 }), { 5: 1 });
      assert.deepEqual(await add({ 5: 1 }, {}), { 5: 1 });
      assert.deepEqual(await add({}, {}), {});
      // Counts past 2^53 stay exact on the server (bigint): read as text.
      const big = await sql(schemaUrl, `SELECT devsmith_sketch_add('[1:1]={9007199254740993}', '{1}')::text AS m`);
      assert.equal(big[0].m, '{9007199254740994}');
    });

    test('migration 13 turns stored jsonb sketches into bigint[] with the same buckets', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const c = new pg.Client({ connectionString: schemaUrl });
      await c.connect();
      try {
        await c.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
        for (const m of MIGRATIONS.filter((x) => x.version <= 12)) {
          await c.query(m.sql);
          await c.query('INSERT INTO schema_migrations VALUES ($1, $2, 0)', [m.version, m.name]);
        }
        const cols = "project_id, service, kind, route, method, version, environment, n, errors, sum_ms, max_ms, sketch";
        await c.query(`INSERT INTO perf_minutes (minute, ${cols}) VALUES (1000, 1, 's', 'http', '/a', 'GET', '', '', 4, 0, 10, 5, '{"-3": 1, "70": 2, "z": 1}')`);
        await c.query(`INSERT INTO perf_hours (hour, ${cols}) VALUES (16, 1, 's', 'http', '/a', 'GET', '', '', 4, 0, 10, 5, '{"-3": 1, "70": 2, "z": 1}'), (17, 1, 's', 'http', '/b', 'GET', '', '', 0, 0, 0, 0, '{}')`);
      } finally {
        await c.end();
      }
      const s = await open(schemaUrl);
      await s.migrate();
      const stored = await sql(schemaUrl, 'SELECT sketch::text AS m FROM perf_minutes UNION ALL SELECT sketch::text FROM perf_hours ORDER BY 1');
      assert.deepEqual(stored.map((r) => parseSketch(r.m)), [{ '-3': 1, 70: 2, z: 1 }, { '-3': 1, 70: 2, z: 1 }, {}]);
      const type = await sql(schemaUrl, "SELECT DISTINCT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attname = 'sketch' AND attrelid IN ('perf_minutes'::regclass, 'perf_hours'::regclass)");
      assert.deepEqual(type.map((r) => r.t), ['bigint[]']);
    });

    test('two instances creating the same day partition at once both commit', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const [a, b] = [await open(schemaUrl), await open(schemaUrl)];
      await a.migrate();
      const { projectId } = await withProject(a);
      const days = Array.from({ length: 5 }, (_, i) => Date.UTC(2024, 5, 1 + i, 12));
      await Promise.all([
        a.insertLogs(days.map((ts) => row(projectId, { ts }))),
        b.insertLogs(days.map((ts) => row(projectId, { ts: ts + 1 }))),
      ]);
      assert.equal(await a.countLogs({ projectIds: [projectId] }), 10);
      const parts = await sql(schemaUrl, "SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'logs'::regclass");
      assert.equal(parts[0].n, 5, 'one partition per UTC day');
    });

    test('a partition dropped behind the cache is created again on the next insert', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await open(schemaUrl);
      await s.migrate();
      const { projectId } = await withProject(s);
      const ts = Date.UTC(2024, 0, 10, 8);
      await s.insertLogs([row(projectId, { ts })]);
      await sql(schemaUrl, 'DROP TABLE logs_20240110'); // what retention will do
      await s.insertLogs([row(projectId, { ts })]);
      assert.equal(await s.countLogs({ projectIds: [projectId] }), 1);
    });

    test('the text filter is served by the GIN index on the same expression', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await open(schemaUrl);
      await s.migrate();
      const { projectId } = await withProject(s);
      await s.insertLogs([row(projectId, { message: 'hello' })]);
      const c = new pg.Client({ connectionString: schemaUrl });
      await c.connect();
      await c.query('SET enable_seqscan = off'); // a one-row table would rather be scanned
      const { rows } = await c.query(`EXPLAIN SELECT id FROM logs WHERE ${MESSAGE_TSV} @@ to_tsquery('simple'::regconfig, 'x:*')`);
      await c.end();
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.match(plan, /Bitmap Index Scan on logs_\d+_to_tsvector_idx/, plan);
    });

    test('a text search raises work_mem for its own statement only, also when it fails', async () => {
      const db = createDb(await backend.emptySchemaUrl(), 1); // one connection: every call reuses it
      try {
        const before = (await db.query('SHOW work_mem')).rows[0].work_mem;
        assert.equal((await db.queryWithBitmapMemory('SHOW work_mem')).rows[0].work_mem, '64MB');
        assert.equal((await db.query('SHOW work_mem')).rows[0].work_mem, before);
        await assert.rejects(db.queryWithBitmapMemory('SELECT 1 / 0'), /division by zero/);
        assert.equal((await db.query('SHOW work_mem')).rows[0].work_mem, before);
      } finally {
        await db.pool.end();
      }
    });

    test('inserts leave their words in the pending list and the store merges it into the index within a second', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await open(schemaUrl);
      await s.migrate();
      const { projectId } = await withProject(s);
      const pendingPagesMerged = async () =>
        (await sql(schemaUrl, `SELECT coalesce(sum(gin_clean_pending_list(i.inhrelid::regclass)), 0)::int AS n
           FROM pg_inherits i WHERE i.inhparent = 'logs_message_tsv'::regclass`))[0].n as number;
      // Without the background merge, these rows would stay in the pending list until 4 MB of them.
      await s.insertLogs(Array.from({ length: 200 }, (_, i) => row(projectId, { message: `pending word${i} of the text index` })));
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(await pendingPagesMerged(), 0, 'the pending list was still there after a second');
      assert.equal((await s.queryLogs({ projectIds: [projectId], query: parseQuery('word19*'), limit: 100 })).data.length, 11);
    });
  });
}
