/**
 * Blocks of closed days (log-blocks.ts), on a real PostgreSQL: a day's logs read back from its blocks are the
 * same rows, column for column; the block's words say exactly which rows hold each word; blocks keep to their
 * size bounds; and the WHERE clauses the store builds for `logs` select the same rows from blocks.
 *   TEST_DATABASE_URL=postgres://devsmith:devsmith@127.0.0.1:5432/postgres node --import tsx --test src/store/postgres/log-blocks.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseQuery } from '../../search/parser.js';
import { postgresBackend, row, withProject } from '../contract/harness.js';
import type { LogFilter, Store } from '../types.js';
import { createDb, type Db } from './db.js';
import { Params, buildWhere } from './filters.js';
import { openPostgresStore } from './index.js';
import { BLOCK_BYTES, BLOCK_LOG_COLUMNS, BLOCK_ROWS, blockQuery, blockRowsFrom, moveAllToBlocks, writeBlocks } from './log-blocks.js';
import { DAY_MS, partitionName } from './partitions.js';
import { LOG_COLUMNS } from './rows.js';
import { MESSAGE_TSV } from './text-search.js';

const url = process.env.TEST_DATABASE_URL;
const day = Math.floor(Date.UTC(2026, 10, 20) / DAY_MS);

if (!url) {
  test('PostgreSQL log blocks tests', (t) => t.skip('PostgreSQL log blocks tests NOT RUN: set TEST_DATABASE_URL'));
} else {
  describe('PostgreSQL: a closed day as blocks', () => {
    const backend = postgresBackend(url);
    let store: Store;
    let db: Db;
    let a: number;
    let b: number;
    let blocks: number;

    before(async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      store = await openPostgresStore({ url: schemaUrl, poolSize: 4 });
      await store.migrate();
      a = (await withProject(store, 'a')).projectId;
      b = (await withProject(store, 'b')).projectId;
      const words = ['card declined', 'declined card', 'payment ok', 'cache miss', 'Ünïcödé straße', "it's a \\ backslash", 'db.query: 12ms'];
      const rows = Array.from({ length: 1500 }, (_, i) =>
        row(i % 3 ? a : b, {
          // Some logs share a millisecond: (ts, id) orders them.
          ts: day * DAY_MS + Math.floor(i / 2) * 1000,
          receivedAt: day * DAY_MS + i * 1000 + 7,
          level: (['DEBUG', 'INFO', 'WARN', 'ERROR'] as const)[i % 4],
          service: ['api', 'worker', 'checkout'][i % 3]!,
          message: i % 50 === 7 ? '' : `${words[i % words.length]} #${i} ${i % 11 === 0 ? 'x'.repeat(3000) : ''}`,
          context: i % 5 ? JSON.stringify({ user_id: `user_${i % 40}`, http: { status: 200 + (i % 4) * 100 }, duration_ms: i % 2000, note: 'a"b\\c' }) : '{}',
          environment: i % 2 ? 'production' : null,
          version: i % 3 ? `1.${i % 4}.0` : null,
          host: i % 4 ? `host-${i % 3}` : null,
          traceId: i % 6 ? `t${Math.floor(i / 6)}` : null,
          spanId: i % 6 ? `s${i}` : null,
        }),
      );
      await store.insertLogs(rows);
      // A few logs of the day after, which the day's blocks leave out.
      await store.insertLogs([row(a, { ts: (day + 1) * DAY_MS + 5 }), row(b, { ts: (day + 1) * DAY_MS + 9 })]);
      db = createDb(schemaUrl, 2);
      blocks = await db.withClient(async (c) => {
        return writeBlocks(c, `${partitionName(day)} l WHERE l.ts >= $1 AND l.ts < $2`, [day * DAY_MS, (day + 1) * DAY_MS]);
      });
    });
    after(async () => {
      await db?.pool.end();
      await store?.close();
      await backend.cleanup();
    });

    test('the rows read from the blocks are the day’s rows, column for column', async () => {
      const dayRows = `SELECT ${LOG_COLUMNS} FROM logs WHERE ts >= ${day * DAY_MS} AND ts < ${(day + 1) * DAY_MS}`;
      const fromBlocks = `SELECT ${BLOCK_LOG_COLUMNS} FROM ${blockRowsFrom()}`;
      for (const [x, y] of [[dayRows, fromBlocks], [fromBlocks, dayRows]]) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM (${x} EXCEPT ALL ${y}) d`);
        assert.equal(rows[0].n, 0);
      }
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${blockRowsFrom()}`);
      assert.equal(rows[0].n, 1500);
    });

    test('blocks: one project each, in (ts, id) order, within their bounds', async () => {
      const { rows } = await db.query(
        `SELECT b.block_id, b.project_id, b.n, b.min_ts, b.max_ts, b.min_id, b.max_id, b.day,
           cardinality(b.ids) AS len, (SELECT sum(octet_length(m)) FROM unnest(b.messages) m)::int AS bytes,
           (SELECT bool_and(o.ok) FROM (SELECT (tss[i], ids[i]) < (tss[i + 1], ids[i + 1]) AS ok FROM generate_subscripts(b.ids, 1) i WHERE i < b.n) o) AS ordered
         FROM log_blocks b ORDER BY b.project_id, b.min_ts`,
      );
      assert.equal(rows.length, blocks);
      assert.ok(blocks > 1500 / BLOCK_ROWS, `${blocks} blocks`);
      for (const r of rows) {
        assert.equal(r.len, r.n);
        assert.ok(r.n <= BLOCK_ROWS, `${r.n} rows in a block`);
        assert.ok(r.bytes <= BLOCK_BYTES + 3100, `${r.bytes} bytes of messages in a block`);
        assert.notEqual(r.ordered, false, `block ${r.block_id} out of order`);
        assert.equal(Number(r.day), day);
        assert.ok([a, b].includes(r.project_id));
      }
      // Projects' blocks do not overlap in time, one after the other.
      for (let i = 1; i < rows.length; i++) {
        if (rows[i].project_id === rows[i - 1].project_id) assert.ok(Number(rows[i].min_ts) >= Number(rows[i - 1].max_ts));
      }
    });

    test('the block’s words say exactly which rows hold each word', async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE fromWords.lex IS NOT NULL)::int AS with_words FROM (
           SELECT b.block_id, p.k, array_agg(u.lexeme ORDER BY u.lexeme) AS lex
           FROM log_blocks b, unnest(b.words) u, unnest(u.positions) p(k) GROUP BY 1, 2) fromWords
         FULL JOIN (
           SELECT b.block_id, l.k::int AS k,
             (SELECT array_agg(x ORDER BY x) FROM unnest(tsvector_to_array(${MESSAGE_TSV.replace('message', 'l.message')})) x) AS lex
           FROM ${blockRowsFrom()}) fromMessages USING (block_id, k)
         WHERE fromWords.lex IS DISTINCT FROM fromMessages.lex`,
      );
      assert.deepEqual(rows[0], { n: 0, with_words: 0 });
      const { rows: holding } = await db.query(
        `SELECT sum(cardinality(u.positions))::int AS n FROM log_blocks b, unnest(b.words) u WHERE u.lexeme = 'declined'`,
      );
      const { rows: expected } = await db.query(
        `SELECT count(*)::int AS n FROM logs WHERE ts < ${(day + 1) * DAY_MS} AND ${MESSAGE_TSV} @@ to_tsquery('simple', 'declined')`,
      );
      assert.ok(expected[0].n > 0);
      assert.equal(holding[0].n, expected[0].n);
    });

    test('the WHERE clauses built for logs select the same rows from blocks', async () => {
      const filters: LogFilter[] = [
        { projectIds: [a] },
        { projectIds: [a, b], services: ['checkout'], levels: ['WARN', 'ERROR'] },
        { projectIds: [b], from: day * DAY_MS + 200_000, to: day * DAY_MS + 500_000 },
        ...[
          '"card declined"',
          '(card OR payment) -declined',
          'straße OR cache',
          'ctx.user_id:user_7',
          'ctx.http.status:[300 TO 499] level:>=warn',
          'ctx.duration_ms:>1000 service:api',
          'ctx.note:*b*',
          'host:host-1 env:production',
          'has:trace_id -has:version',
          'declined',
          'declin*',
          '"declined card"',
          'stra*',
          'payment OR -card',
          '(card OR cache) level:error',
          '"db query" OR "miss #1"',
          'backslash ctx.user_id:user_1*',
        ].map((q) => ({ projectIds: [a, b], query: parseQuery(q) })),
        { projectIds: [a], query: parseQuery('card'), from: day * DAY_MS + 300_000, to: day * DAY_MS + 600_000 },
      ];
      for (const f of filters) {
        const p = new Params();
        const where = buildWhere(f, p);
        const fast = blockQuery(f, p, ['id']);
        const { rows } = await db.query(
          `SELECT (SELECT array_agg(id ORDER BY id) FROM logs WHERE ts < ${(day + 1) * DAY_MS} AND ${where}) AS hot,
                  (SELECT array_agg(id ORDER BY id) FROM ${blockRowsFrom()} WHERE ${where}) AS cold,
                  (SELECT array_agg(l.id ORDER BY l.id) FROM ${fast.from} WHERE ${fast.where}) AS fast`,
          p.values,
        );
        const name = JSON.stringify(f.query ?? f);
        assert.ok(rows[0].hot?.length, `${name} matches some logs`);
        assert.deepEqual(rows[0].cold, rows[0].hot, name);
        assert.deepEqual(rows[0].fast, rows[0].hot, `blockQuery: ${name}`);
      }
    });

    test('a phrase page found among recent rows gives way to newer rows in blocks', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await openPostgresStore({ url: schemaUrl, poolSize: 2 });
      const moveDb = createDb(schemaUrl, 1);
      try {
        await s.migrate();
        const pid = (await withProject(s, 'c')).projectId;
        await s.insertLogs(Array.from({ length: 5 }, (_, i) => row(pid, { ts: day * DAY_MS + 1000 + i, message: `card declined new ${i}` })));
        await moveDb.withClient((c) => moveAllToBlocks(c));
        // Older logs arriving late stay rows, and fill the page by themselves.
        await s.insertLogs(Array.from({ length: 5 }, (_, i) => row(pid, { ts: (day - 2) * DAY_MS + i, message: `card declined old ${i}` })));
        const page = await s.queryLogs({ projectIds: [pid], limit: 3, query: parseQuery('"card declined"') });
        assert.deepEqual(page.data.map((e) => e.message), ['card declined new 4', 'card declined new 3', 'card declined new 2']);
        const next = await s.queryLogs({ projectIds: [pid], limit: 3, query: parseQuery('"card declined"'), cursor: page.next! });
        assert.deepEqual(next.data.map((e) => e.message), ['card declined new 1', 'card declined new 0', 'card declined old 4']);
      } finally {
        await moveDb.pool.end();
        await s.close();
      }
    });

    test('pages read blocks newest first and stay exact where blocks overlap in time', async () => {
      const schemaUrl = await backend.emptySchemaUrl();
      const s = await openPostgresStore({ url: schemaUrl, poolSize: 2 });
      const moveDb = createDb(schemaUrl, 1);
      try {
        await s.migrate();
        const pids = [(await withProject(s, 'd')).projectId, (await withProject(s, 'e')).projectId];
        // Batches over the same three days, each moved into its own blocks: their times overlap. The last
        // batch stays rows. Times repeat, so (ts, id) orders them.
        let seed = 7;
        const next = () => (seed = (seed * 48271) % 2147483647);
        for (let batch = 0; batch < 4; batch++) {
          await s.insertLogs(Array.from({ length: 700 }, (_, i) => row(pids[i % 2]!, {
            ts: (day - 2) * DAY_MS + (next() % (3 * 86_400)) * 1000,
            level: i % 7 ? 'INFO' : 'ERROR',
            message: `${i % 3 ? 'card declined' : 'payment ok'} b${batch} #${i}`,
          })));
          if (batch < 3) await moveDb.withClient((c) => moveAllToBlocks(c));
        }
        assert.ok(Number((await moveDb.query('SELECT count(*) AS n FROM log_blocks')).rows[0].n) >= 12, 'several blocks');
        for (const f of [{ projectIds: pids }, { projectIds: [pids[0]!] }, { projectIds: pids, query: parseQuery('payment level:error') },
          { projectIds: [pids[1]!], from: (day - 1) * DAY_MS, to: day * DAY_MS + 3_600_000 }] as LogFilter[]) {
          const p = new Params();
          const where = buildWhere(f, p);
          const { rows } = await moveDb.query(
            `SELECT id FROM (SELECT id, ts FROM logs WHERE ${where} UNION ALL SELECT l.id, l.ts FROM ${blockRowsFrom()} WHERE ${where}) u
             ORDER BY ts DESC, id DESC`,
            p.values,
          );
          const walked: string[] = [];
          let cursor: { ts: number; id: string } | undefined;
          do {
            const page = await s.queryLogs({ ...f, limit: 97, cursor });
            walked.push(...page.data.map((e) => e.id));
            cursor = page.next ?? undefined;
          } while (cursor);
          assert.ok(rows.length > 100, 'more than a page');
          assert.deepEqual(walked, rows.map((r) => r.id), JSON.stringify(f));
        }
      } finally {
        await moveDb.pool.end();
        await s.close();
      }
    });

    test('blockQuery picks blocks by their words, and reads only the columns it needs', async () => {
      const p = new Params();
      const q = blockQuery({ projectIds: [a], query: parseQuery('"card declined" ctx.user_id:user_7') }, p);
      assert.match(q.where, /b\.words @@/);
      assert.match(q.from, /unnest\(b\.messages, b\.contexts\)/, 'a count reads the messages and contexts only');
      assert.match(blockQuery({ projectIds: [a], query: parseQuery('card service:api') }, new Params(), ['id', 'ts']).from,
        /unnest\(b\.ids, b\.tss, b\.services\)/, 'one word needs no message');
      const none = blockQuery({ projectIds: [a], query: parseQuery('-card') }, new Params());
      assert.doesNotMatch(none.where, /b\.words @@/, 'a NOT requires no word of a block');
      const { rows } = await db.query(`EXPLAIN SELECT count(*) FROM ${q.from} WHERE ${q.where}`, p.values);
      const plan = rows.map((r) => r['QUERY PLAN'] as string);
      // The words' positions are computed once per block (an InitPlan under the block), not for each row, and
      // a message is parsed again only for a row holding both words.
      const text = plan.join('\n');
      assert.match(text, /InitPlan/, text);
      assert.doesNotMatch(text, /SubPlan/, text);
      assert.match(text, /CASE WHEN \(\(l\.k = ANY \(.*\)\) AND \(l\.k = ANY \(.*\)\)\) THEN \(to_tsvector/, text);
    });
  });
}
