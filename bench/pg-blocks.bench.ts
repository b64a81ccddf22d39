/**
 * PostgreSQL: a closed day as rows (with their indexes rebuilt, src/store/postgres/closed-days.ts) against the
 * same day as blocks (src/store/postgres/log-blocks.ts, not used by the server yet): bytes per log, the time
 * to write the blocks, and searches on each (same answers, medians). Searches without text read blocks
 * through the store's own WHERE clauses (filters.ts) over `blockRowsFrom`, unnesting only the columns each reads; word and phrase searches take
 * their candidate rows from the block's word positions, as the read paths will.
 * Run `npm run bench:pg-blocks -- --help`.
 */
import pg from 'pg';
import { parseQuery } from '../src/search/parser.js';
import { Params, buildWhere } from '../src/store/postgres/filters.js';
import { blockRowsFrom, LOG_BLOCKS_DDL, writeBlocks } from '../src/store/postgres/log-blocks.js';
import { DAY_MS, partitionName } from '../src/store/postgres/partitions.js';
import { MESSAGE_TSV } from '../src/store/postgres/text-search.js';
import type { LogFilter } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad } from './lib/bulk-load.js';
import { rebuildClosedDays } from './lib/make-cold.js';
import { openFreshStore } from './lib/raw-store.js';

const HELP = `npm run bench:pg-blocks -- [--logs 1000000] [--runs 5] [--admin-url URL]
Loads --logs of the benchmark's logs over the last 24 h into a new PostgreSQL database, rebuilds every day's
indexes as the server does once a day is over, writes every day as blocks, then prints bytes per log of each
and the median time of each search on each. --admin-url or BENCH_PG_ADMIN_URL (default
postgres://devsmith:devsmith@127.0.0.1:5432/postgres).`;
const args = flags({
  logs: { type: 'string', default: '1000000' },
  runs: { type: 'string', default: '5' },
  'admin-url': { type: 'string', default: process.env.BENCH_PG_ADMIN_URL ?? 'postgres://devsmith:devsmith@127.0.0.1:5432/postgres' },
}, HELP);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);

/** Rows of the block holding every one of `words` (exact: a word's positions are its rows). */
const rowsWithAll = (words: string[]) =>
  `(SELECT k FROM unnest(ts_filter(setweight(b.words, 'A', ARRAY[${words.map((w) => `'${w}'`).join(', ')}]), '{a}')) u, unnest(u.positions) k
    GROUP BY k HAVING count(*) = ${words.length})`;
const phraseCheck = (msg: string, words: string[]) =>
  `${MESSAGE_TSV.replace('message', msg)} @@ to_tsquery('simple', '${words.map((w) => `''${w}''`).join(' <-> ')}')`;

const opened = await openFreshStore('postgres', { adminUrl: args['admin-url'] });
const client = new pg.Client({ connectionString: opened.url });
try {
  const owner = await opened.store.createUser({ email: 'bench@example.com', name: 'Bench', role: 'admin', passwordHash: 'x' });
  const project = await opened.store.createProject(
    { ownerId: owner.id, name: 'checkout', slug: 'checkout', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'bench-hash', 'dsk_bench',
  );
  await bulkLoad(opened.store, project.id, n, 1);
  const rebuilt = await rebuildClosedDays(opened.url!, Date.now() + 3 * DAY_MS);
  await client.connect();
  await client.query('SET max_parallel_workers_per_gather = 0');
  await client.query(LOG_BLOCKS_DDL);
  const t0 = performance.now();
  let blocks = 0;
  for (const day of rebuilt.days) blocks += await writeBlocks(client, partitionName(day), day, day * DAY_MS, (day + 1) * DAY_MS);
  const writeMs = performance.now() - t0;
  await client.query('VACUUM ANALYZE log_blocks');
  await client.query('VACUUM ANALYZE logs');

  const size = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].b);
  const partitions = rebuilt.days.map(partitionName);
  const rowsBytes = await size('SELECT sum(pg_total_relation_size(t))::bigint AS b FROM unnest($1::regclass[]) t', [partitions]);
  const parts: Array<[string, number]> = [
    ['blocks (heap and TOAST)', await size("SELECT pg_table_size('log_blocks') AS b")],
    ...(await client.query(
      "SELECT c.relname AS name, pg_relation_size(c.oid) AS b FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'log_blocks'::regclass",
    )).rows.map((r): [string, number] => [r.name, Number(r.b)]),
  ];
  const blocksBytes = parts.reduce((s, [, b]) => s + b, 0);
  process.stdout.write(`PostgreSQL, ${fmt(n)} logs over ${rebuilt.days.length} day(s), bytes per log (the day's rollups, ~4, aside):\n`);
  process.stdout.write(`  as rows, indexes rebuilt (day over)   ${fmt(rowsBytes / n, 1).padStart(7)}\n`);
  process.stdout.write(`  as blocks                             ${fmt(blocksBytes / n, 1).padStart(7)}  (${fmt(blocks)} blocks, written in ${fmt(writeMs / 1000, 1)} s)\n`);
  for (const [name, b] of parts) if (b / n >= 0.5) process.stdout.write(`    ${name.padEnd(34)} ${fmt(b / n, 1).padStart(7)}\n`);

  const p = project.id;
  const where = (f: Omit<LogFilter, 'projectIds'>, params: Params) => buildWhere({ projectIds: [p], ...f }, params);
  /** A page's answer: how many rows, and a digest of their ids in order. */
  const page = `count(*) || ' rows ' || left(md5(string_agg(id::text, ',' ORDER BY ts DESC, id DESC)), 6)`;
  /** [name, SQL on rows, SQL on blocks]: each returns one value (a count, or a page's digest). */
  const cases: Array<[string, (q: Params) => string, (q: Params) => string]> = [
    ['newest 100', (q) => `SELECT ${page} FROM (SELECT id, ts FROM logs WHERE ${where({}, q)} ORDER BY ts DESC, id DESC LIMIT 100) x`,
      () => `SELECT ${page} FROM (SELECT l.id, l.ts FROM (SELECT * FROM log_blocks WHERE project_id = ${p} ORDER BY max_ts DESC LIMIT 1) b
         CROSS JOIN LATERAL unnest(b.ids, b.tss) WITH ORDINALITY AS l(id, ts, k) ORDER BY l.ts DESC, l.id DESC LIMIT 100) x`],
    ['"card declined", newest 100', (q) => `SELECT ${page} FROM (SELECT id, ts FROM logs WHERE ${where({ query: parseQuery('"card declined"') }, q)} ORDER BY ts DESC, id DESC LIMIT 100) x`,
      () => `SELECT ${page} FROM (SELECT b.ids[c.k] AS id, b.tss[c.k] AS ts FROM
         (SELECT * FROM log_blocks WHERE project_id = ${p} AND words @@ to_tsquery('simple', 'card & declined') ORDER BY max_ts DESC LIMIT 40) b
         CROSS JOIN LATERAL ${rowsWithAll(['card', 'declined'])} c WHERE ${phraseCheck('b.messages[c.k]', ['card', 'declined'])}
         ORDER BY 2 DESC, 1 DESC LIMIT 100) x`],
    ['"card declined", count', (q) => `SELECT count(*) FROM logs WHERE ${where({ query: parseQuery('"card declined"') }, q)}`,
      () => `SELECT count(*) FROM log_blocks b CROSS JOIN LATERAL ${rowsWithAll(['card', 'declined'])} c
         WHERE b.project_id = ${p} AND b.words @@ to_tsquery('simple', 'card & declined') AND ${phraseCheck('b.messages[c.k]', ['card', 'declined'])}`],
    ['payment, count', (q) => `SELECT count(*) FROM logs WHERE ${where({ query: parseQuery('payment') }, q)}`,
      () => `SELECT coalesce(sum(cardinality(u.positions)), 0) FROM log_blocks b CROSS JOIN LATERAL unnest(ts_filter(setweight(b.words, 'A', '{payment}'), '{a}')) u
         WHERE b.project_id = ${p} AND b.words @@ to_tsquery('simple', 'payment')`],
    ...([
      ['ctx.user_id:user_42', ['context']],
      ['ctx.user_id:user_42*', ['context']],
      ['ctx.duration_ms:>1000', ['context']],
      ['service:checkout level:>=warn', ['service', 'level']],
    ] as const).map(([text, columns]): [string, (q: Params) => string, (q: Params) => string] => [
      `${text}, count`,
      (q) => `SELECT count(*) FROM logs WHERE ${where({ query: parseQuery(text) }, q)}`,
      (q) => `SELECT count(*) FROM ${blockRowsFrom(columns)} WHERE ${where({ query: parseQuery(text) }, q)}`,
    ]),
  ];
  process.stdout.write(`\n| search (one project, ${fmt(n)} logs) | answer | rows, ms | blocks, ms |\n| --- | --- | --- | --- |\n`);
  const median = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
  for (const [name, onRows, onBlocks] of cases) {
    const times: Record<'rows' | 'blocks', number[]> = { rows: [], blocks: [] };
    const answers: Record<string, string> = {};
    for (let i = 0; i < runs; i++) {
      for (const [kind, build] of [['rows', onRows], ['blocks', onBlocks]] as const) {
        const params = new Params();
        const sql = build(params);
        const started = performance.now();
        const { rows } = await client.query(sql, params.values);
        times[kind].push(performance.now() - started);
        answers[kind] = String(Object.values(rows[0])[0]);
      }
    }
    const same = answers.rows === answers.blocks ? answers.rows : `${answers.rows} ≠ ${answers.blocks} (DIFFERENT)`;
    process.stdout.write(`| ${name} | ${same} | ${fmt(median(times.rows), 1)} | ${fmt(median(times.blocks), 1)} |\n`);
  }
} finally {
  await client.end().catch(() => undefined);
  await opened.dispose().catch(() => undefined);
}
