/**
 * Day partitions stay bounded (issue 9): one ingest write creates at most MAX_NEW_PARTITIONS_PER_WRITE of them and
 * loses nothing, and the newest-first page without a time bound does not read every partition.
 *   TEST_DATABASE_URL=postgres://devsmith:devsmith@127.0.0.1:5432/postgres node --import tsx --test src/store/postgres/partitions.test.ts
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { postgresBackend, row, withProject } from '../contract/harness.js';
import { StoreUnavailableError, type Store } from '../types.js';
import { openPostgresStore } from './index.js';
import { MAX_NEW_PARTITIONS_PER_WRITE } from './partitions.js';

const url = process.env.TEST_DATABASE_URL;
const DAY = 86_400_000;

async function sql<T extends pg.QueryResultRow = any>(connectionString: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

const partitionCount = async (schemaUrl: string) =>
  (await sql(schemaUrl, "SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'logs'::regclass"))[0].n as number;

if (!url) {
  test('PostgreSQL partition tests', (t) => t.skip('PostgreSQL partition tests NOT RUN: set TEST_DATABASE_URL'));
} else {
  describe('PostgreSQL day partitions', () => {
    const backend = postgresBackend(url);
    const opened: Store[] = [];
    const open = async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await openPostgresStore({ url: schemaUrl, poolSize: 4 });
      opened.push(s);
      await s.migrate();
      return { s, schemaUrl, ...(await withProject(s)) };
    };
    after(async () => {
      await Promise.allSettled(opened.map((s) => s.close()));
      await backend.cleanup();
    });

    test('one write creates a bounded number of partitions; the rest come on retry, and nothing is lost', async () => {
      const { s, schemaUrl, projectId } = await open();
      const base = Date.UTC(2024, 0, 1, 12);
      const rows = Array.from({ length: 80 }, (_, i) => row(projectId, { ts: base + i * DAY, message: `day ${i}` }));
      const write = (store: Store) => store.commitBatches([{ rows: rows.slice(0, 40) }, { rows: rows.slice(40) }]);
      await assert.rejects(write(s), StoreUnavailableError);
      assert.equal(await partitionCount(schemaUrl), MAX_NEW_PARTITIONS_PER_WRITE);
      assert.equal(await s.countLogs({ projectIds: [projectId] }), 0, 'a refused write stores no row');
      await assert.rejects(write(s), StoreUnavailableError);
      assert.equal(await partitionCount(schemaUrl), 2 * MAX_NEW_PARTITIONS_PER_WRITE, 'each retry makes progress');
      assert.deepEqual(await write(s), [{ status: 'committed' }, { status: 'committed' }]);
      assert.equal(await partitionCount(schemaUrl), 80);
      assert.equal(await s.countLogs({ projectIds: [projectId] }), 80);
      // Days that exist cost nothing: a fresh instance reads them from the catalog instead of creating them.
      const again = await openPostgresStore({ url: schemaUrl, poolSize: 2 });
      opened.push(again);
      await write(again);
      assert.equal(await s.countLogs({ projectIds: [projectId] }), 160);
      // The bulk path (imports) is the operator's: not bounded.
      await s.insertLogs(rows.map((r) => ({ ...r, ts: r.ts + 100 * DAY })));
      assert.equal(await partitionCount(schemaUrl), 160);
    });
  });
}
