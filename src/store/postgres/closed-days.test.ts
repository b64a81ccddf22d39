/**
 * A closed day is moved into blocks once (closed-days.ts): its partition emptied and small again, its indexes
 * still attached to the parent's, the same answers; today is left alone; a restore into the day asks for it
 * again; a copy left by a failed rebuild is dropped; nothing runs while the retention lock is held; the
 * store's timer runs it.
 *   TEST_DATABASE_URL=postgres://devsmith:devsmith@127.0.0.1:5432/postgres node --import tsx --test src/store/postgres/closed-days.test.ts
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { parseQuery } from '../../search/parser.js';
import { postgresBackend, row, withProject } from '../contract/harness.js';
import type { LogQuery, Store } from '../types.js';
import { closedDaysToCompact, compactClosedDays } from './closed-days.js';
import { createDb, type Db } from './db.js';
import { openPostgresStore } from './index.js';
import { partitionName } from './partitions.js';
import { RETENTION_LOCK } from './retention.js';

const url = process.env.TEST_DATABASE_URL;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 12);
const today = Math.floor(NOW / DAY);
const closed = today - 3;

/** Sizes in bytes of a partition's time indexes, by parent index; and whether each is valid and attached. */
async function timeIndexes(db: Db, day: number): Promise<Map<string, { bytes: number; valid: boolean }>> {
  const { rows } = await db.query<{ parent: string; bytes: string; valid: boolean }>(
    `SELECT i.inhparent::regclass::text AS parent, pg_relation_size(x.indexrelid)::bigint AS bytes, x.indisvalid AS valid
     FROM pg_index x JOIN pg_inherits i ON i.inhrelid = x.indexrelid WHERE x.indrelid = to_regclass($1)`,
    [partitionName(day)],
  );
  return new Map(rows.map((r) => [r.parent, { bytes: Number(r.bytes), valid: r.valid }]));
}

if (!url) {
  test('PostgreSQL closed-day tests', (t) => t.skip('PostgreSQL closed-day tests NOT RUN: set TEST_DATABASE_URL'));
} else {
  describe('PostgreSQL: closed days moved into blocks', () => {
    const backend = postgresBackend(url);
    const stores: Store[] = [];
    const dbs: Db[] = [];
    after(async () => {
      await Promise.allSettled([...stores.map((s) => s.close()), ...dbs.map((d) => d.pool.end())]);
      await backend.cleanup();
    });

    /** A store with two projects' logs interleaved over a closed day and today. */
    async function loaded(opts: Parameters<typeof openPostgresStore>[0]['compactClosedDays'] = false) {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await openPostgresStore({ url: schemaUrl, poolSize: 4, compactClosedDays: opts });
      stores.push(s);
      await s.migrate();
      const a = await withProject(s, 'a');
      const b = await withProject(s, 'b');
      const services = ['api', 'worker', 'billing'];
      const rows = (day: number, n: number) =>
        Array.from({ length: n }, (_, i) =>
          row(i % 2 ? a.projectId : b.projectId, {
            ts: day * DAY + Math.floor((i * (DAY - 60_000)) / n),
            service: services[i % 3]!,
            level: i % 7 === 0 ? 'ERROR' : 'INFO',
            message: `request ${i} served in ${i % 500} ms`,
          }),
        );
      for (let i = 0; i < 4; i++) await s.insertLogs(rows(closed, 6000).slice(i * 1500, (i + 1) * 1500));
      await s.insertLogs(rows(today, 3000));
      const db = createDb(schemaUrl, 2);
      dbs.push(db);
      return { s, db, schemaUrl, a: a.projectId, b: b.projectId };
    }

    const answers = async (s: Store, a: number, b: number) => {
      const q = (over: Partial<LogQuery>) => s.queryLogs({ projectIds: [a], limit: 100, ...over }).then((p) => p.data.map((e) => e.id));
      return {
        newest: await q({}),
        both: await q({ projectIds: [a, b] }),
        service: await q({ services: ['worker'] }),
        window: await q({ from: closed * DAY + 3_600_000, to: closed * DAY + 7_200_000 }),
        count: await s.countLogs({ projectIds: [b], services: ['billing'] }),
      };
    };

    test('a closed day is moved into blocks once: its partition emptied and small, the same answers; today is left alone', async () => {
      const { s, db, a, b } = await loaded();
      const before = await timeIndexes(db, closed);
      const todayBefore = await timeIndexes(db, today);
      // Yesterday has been over for 12 hours only: it stays rows, as the last 24 hours do.
      await s.insertLogs([row(a, { ts: (today - 1) * DAY + 5000, message: 'yesterday' })]);
      const expected = await answers(s, a, b);
      assert.deepEqual(await closedDaysToCompact(db, NOW), [closed], 'neither today nor yesterday (over for 12 h) is moved');
      assert.deepEqual(await closedDaysToCompact(db, NOW + 12 * 3_600_000), [closed, today - 1], 'yesterday, over for 24 h');

      const pass = await compactClosedDays(db, NOW);
      assert.deepEqual(pass, { days: [closed], busy: false });
      const counts = await db.query(
        `SELECT (SELECT count(*)::int FROM ${partitionName(closed)}) AS rows, (SELECT sum(n)::int FROM log_blocks WHERE day = $1) AS moved,
           (SELECT count(*)::int FROM log_blocks WHERE day <> $1) AS others, pg_relation_size($2) AS heap`,
        [closed, partitionName(closed)],
      );
      assert.deepEqual({ ...counts.rows[0], heap: Number(counts.rows[0].heap) }, { rows: 0, moved: 6000, others: 0, heap: 0 }, 'the day in blocks, its file truncated');
      const afterwards = await timeIndexes(db, closed);
      for (const [parent, was] of before) {
        const now = afterwards.get(parent)!;
        assert.ok(now.valid, `${parent} valid`);
        assert.ok(now.bytes <= 16_384 && now.bytes <= was.bytes, `${parent}: ${was.bytes} → ${now.bytes} bytes`);
      }
      assert.deepEqual([...afterwards.keys()].sort(), [...before.keys()].sort(), 'every index still attached to its parent');
      const todayAfter = await timeIndexes(db, today);
      for (const parent of ['logs_project_ts', 'logs_project_service_ts']) assert.deepEqual(todayAfter.get(parent), todayBefore.get(parent), parent);
      assert.equal(Number((await db.query(`SELECT count(*) AS n FROM ${partitionName(today)}`)).rows[0].n), 3000, 'today stays rows');
      assert.deepEqual(await answers(s, a, b), expected);
      assert.deepEqual(await compactClosedDays(db, NOW), { days: [], busy: false }, 'done once');
      // A late log for the day is a row, read beside the blocks, until the next pass moves it too.
      await s.insertLogs([row(a, { ts: closed * DAY + 5, message: 'late' })]);
      assert.equal(await s.countLogs({ projectIds: [a, b], from: closed * DAY, to: (closed + 1) * DAY }), 6001);
      assert.deepEqual(await closedDaysToCompact(db, NOW), [closed], 'a moved day with a late log');
      assert.deepEqual((await compactClosedDays(db, NOW)).days, [closed]);
      assert.equal(Number((await db.query('SELECT pg_relation_size($1) AS n', [partitionName(closed)])).rows[0].n), 0);
      assert.equal(await s.countLogs({ projectIds: [a, b], from: closed * DAY, to: (closed + 1) * DAY }), 6001);
      assert.equal((await s.queryLogs({ projectIds: [a], limit: 1, query: parseQuery('late') })).data[0]?.message, 'late');
      // 24 h after today's end, today is moved too (yesterday's single log still waits).
      assert.deepEqual(await closedDaysToCompact(db, (today + 1) * DAY + 23 * 3_600_000), [today - 1]);
      assert.deepEqual(await closedDaysToCompact(db, (today + 2) * DAY), [today - 1, today]);
    });

    test('a restore into a closed day asks for it again; a copy left by a failed rebuild is dropped', async () => {
      const { s, db, a } = await loaded();
      await compactClosedDays(db, NOW);
      const [log] = (await s.scanLogs({ projectIds: [a], limit: 1, from: closed * DAY, to: (closed + 1) * DAY })).rows;
      assert.deepEqual(await s.restoreLogs([{ ...log!, id: '900000000', fingerprint: null }, { ...log!, id: '900000001', fingerprint: null }]), { inserted: 2, present: 0 });
      assert.deepEqual(await closedDaysToCompact(db, NOW), [closed]);

      // A rebuild cut off leaves an invalid index on the partition: a failed unique build does the same.
      const table = partitionName(closed);
      await assert.rejects(db.query(`CREATE UNIQUE INDEX CONCURRENTLY ${table}_x_ccnew ON ${table} (project_id)`));
      const invalid = () => db.query(`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = to_regclass($1) AND NOT indisvalid`, [table]).then((r) => r.rows[0].n);
      assert.equal(await invalid(), 1);
      assert.deepEqual((await compactClosedDays(db, NOW)).days, [closed]);
      assert.equal(await invalid(), 0);
      assert.equal((await s.queryLogs({ projectIds: [a], limit: 5, from: closed * DAY, to: (closed + 1) * DAY })).data.length, 5);
      assert.equal(Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n), 0, 'the restored log moved too');
      assert.equal((await s.getLog('900000000'))?.id, '900000000');
    });

    test('a query holding the day makes the final step wait for the next pass, the answers unchanged', async () => {
      const { s, db, schemaUrl, a, b } = await loaded();
      const expected = await answers(s, a, b);
      const reader = new pg.Client({ connectionString: schemaUrl });
      await reader.connect();
      try {
        // A long read of the day (an export, say): its lock is held until its transaction ends.
        await reader.query('BEGIN');
        await reader.query(`SELECT count(*) FROM ${partitionName(closed)}`);
        assert.deepEqual(await compactClosedDays(db, NOW), { days: [], busy: false }, 'the truncate did not wait past its timeout');
        assert.deepEqual(await closedDaysToCompact(db, NOW), [closed], 'asked again');
        assert.deepEqual(await answers(s, a, b), expected, 'the rows moved meanwhile are read from blocks');
      } finally {
        await reader.end();
      }
      assert.deepEqual((await compactClosedDays(db, NOW)).days, [closed]);
      assert.equal(Number((await db.query(`SELECT pg_relation_size($1) AS n`, [partitionName(closed)])).rows[0].n), 0);
      assert.deepEqual(await answers(s, a, b), expected);
    });

    test('nothing is moved while the retention lock is held (by retention, here or on another instance)', async () => {
      const { db, schemaUrl } = await loaded();
      const holder = new pg.Client({ connectionString: schemaUrl });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [RETENTION_LOCK]);
        assert.deepEqual(await compactClosedDays(db, NOW), { days: [], busy: true });
        assert.deepEqual(await closedDaysToCompact(db, NOW), [closed]);
      } finally {
        await holder.end();
      }
      assert.deepEqual((await compactClosedDays(db, NOW)).days, [closed]);
    });

    test("the store's timer moves closed days on its own", async () => {
      const { db } = await loaded({ firstAfterMs: 50, everyMs: 200, now: () => NOW });
      const deadline = Date.now() + 20_000;
      while ((await closedDaysToCompact(db, NOW)).length > 0) {
        assert.ok(Date.now() < deadline, 'the closed day was not moved within 20 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      const { rows } = await db.query('SELECT day, at FROM log_day_compactions');
      assert.deepEqual(rows.map((r) => [Number(r.day), Number(r.at)]), [[closed, NOW]]);
    });
  });
}
