/**
 * PostgreSQL: a day as rows (its B-trees rebuilt full, as closed days were kept before they moved into
 * blocks) against the same day as blocks (src/store/postgres/log-blocks.ts, where the server keeps closed
 * days): bytes per log, the time to write the blocks, and searches on each (same answers, medians): the
 * store's SQL on rows (filters.ts), `blockQuery`'s on blocks. The whole read path over blocks, as the server
 * runs it: `npm run bench:search -- --cold`.
 * Run `npm run bench:pg-blocks -- --help`.
 */
import pg from 'pg';
import { parseQuery } from '../src/search/parser.js';
import { Params, buildWhere } from '../src/store/postgres/filters.js';
import { blockQuery, writeBlocks } from '../src/store/postgres/log-blocks.js';
import type { LogFilter } from '../src/store/types.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad } from './lib/bulk-load.js';
import { openFreshStore } from './lib/raw-store.js';

const HELP = `npm run bench:pg-blocks -- [--logs 1000000] [--runs 5] [--admin-url URL]
Loads --logs of the benchmark's logs over the last 24 h into a new PostgreSQL database, rebuilds every day's
B-trees full (fillfactor 100), copies every day into blocks, then prints bytes per log of each
and the median time of each search on each. --admin-url or BENCH_PG_ADMIN_URL (default
postgres://devsmith:devsmith@127.0.0.1:5432/postgres).`;
const args = flags({
  logs: { type: 'string', default: '1000000' },
  runs: { type: 'string', default: '5' },
  'admin-url': { type: 'string', default: process.env.BENCH_PG_ADMIN_URL ?? 'postgres://devsmith:devsmith@127.0.0.1:5432/postgres' },
}, HELP);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);

const opened = await openFreshStore('postgres', { adminUrl: args['admin-url'] });
const client = new pg.Client({ connectionString: opened.url });
try {
  const owner = await opened.store.createUser({ email: 'bench@example.com', name: 'Bench', role: 'admin', passwordHash: 'x' });
  const project = await opened.store.createProject(
    { ownerId: owner.id, name: 'checkout', slug: 'checkout', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'bench-hash', 'dsk_bench',
  );
  await bulkLoad(opened.store, project.id, n, 1);
  await client.connect();
  const partitions = (await client.query<{ name: string }>("SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'logs'::regclass ORDER BY 1")).rows.map((r) => r.name);
  for (const table of partitions) {
    const { rows: indexes } = await client.query<{ name: string; btree: boolean }>(
      "SELECT c.relname AS name, c.relam = (SELECT oid FROM pg_am WHERE amname = 'btree') AS btree FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = $1::regclass",
      [table],
    );
    for (const { name, btree } of indexes) {
      if (btree) await client.query(`ALTER INDEX ${name} SET (fillfactor = 100)`);
      if (btree) await client.query(`REINDEX INDEX ${name}`);
    }
  }
  await client.query('SET max_parallel_workers_per_gather = 0');
  const t0 = performance.now();
  let blocks = 0;
  for (const table of partitions) blocks += await writeBlocks(client, `${table} l`);
  const writeMs = performance.now() - t0;
  await client.query('VACUUM ANALYZE log_blocks');
  await client.query('VACUUM ANALYZE logs');

  const size = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].b);
  const rowsBytes = await size('SELECT sum(pg_total_relation_size(t))::bigint AS b FROM unnest($1::regclass[]) t', [partitions]);
  const parts: Array<[string, number]> = [
    ['blocks (heap and TOAST)', await size("SELECT pg_table_size('log_blocks') AS b")],
    ...(await client.query(
      "SELECT c.relname AS name, pg_relation_size(c.oid) AS b FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'log_blocks'::regclass",
    )).rows.map((r): [string, number] => [r.name, Number(r.b)]),
  ];
  const blocksBytes = parts.reduce((s, [, b]) => s + b, 0);
  process.stdout.write(`PostgreSQL, ${fmt(n)} logs over ${partitions.length} day(s), bytes per log (the day's rollups, ~4, aside):\n`);
  process.stdout.write(`  as rows, B-trees rebuilt full         ${fmt(rowsBytes / n, 1).padStart(7)}\n`);
  process.stdout.write(`  as blocks                             ${fmt(blocksBytes / n, 1).padStart(7)}  (${fmt(blocks)} blocks, written in ${fmt(writeMs / 1000, 1)} s)\n`);
  for (const [name, b] of parts) if (b / n >= 0.5) process.stdout.write(`    ${name.padEnd(34)} ${fmt(b / n, 1).padStart(7)}\n`);

  const p = project.id;
  const where = (f: Omit<LogFilter, 'projectIds'>, params: Params) => buildWhere({ projectIds: [p], ...f }, params);
  /** A page's answer: how many rows, and a digest of their ids in order. */
  const page = `count(*) || ' rows ' || left(md5(string_agg(id::text, ',' ORDER BY ts DESC, id DESC)), 6)`;
  /** The newest 100 of the newest `blocks` blocks picked (enough for these pages; the read path will go on). */
  const newestOnBlocks = (f: Omit<LogFilter, 'projectIds'>, blocks: number) => (q: Params) => {
    const { from, where } = blockQuery({ projectIds: [p], ...f }, q, ['id', 'ts']);
    const picked = `(SELECT * FROM log_blocks b WHERE ${where.match(/b\.words @@ [^)]*\)/)?.[0] ?? 'TRUE'} AND b.project_id = ${p} ORDER BY b.max_ts DESC LIMIT ${blocks}) b`;
    return `SELECT ${page} FROM (SELECT l.id, l.ts FROM ${from.replace('log_blocks b', picked)} WHERE ${where} ORDER BY l.ts DESC, l.id DESC LIMIT 100) x`;
  };
  const count = (f: Omit<LogFilter, 'projectIds'>): [(q: Params) => string, (q: Params) => string] => [
    (q) => `SELECT count(*) FROM logs WHERE ${where(f, q)}`,
    (q) => {
      const { from, where: on } = blockQuery({ projectIds: [p], ...f }, q);
      return `SELECT count(*) FROM ${from} WHERE ${on}`;
    },
  ];
  /** [name, SQL on rows, SQL on blocks]: each returns one value (a count, or a page's digest). */
  const cases: Array<[string, (q: Params) => string, (q: Params) => string]> = [
    ['newest 100', (q) => `SELECT ${page} FROM (SELECT id, ts FROM logs WHERE ${where({}, q)} ORDER BY ts DESC, id DESC LIMIT 100) x`,
      newestOnBlocks({}, 2)],
    ['"card declined", newest 100',
      (q) => `SELECT ${page} FROM (SELECT id, ts FROM logs WHERE ${where({ query: parseQuery('"card declined"') }, q)} ORDER BY ts DESC, id DESC LIMIT 100) x`,
      newestOnBlocks({ query: parseQuery('"card declined"') }, 40)],
    ...['"card declined"', 'payment', 'declin*', 'ctx.user_id:user_42', 'ctx.user_id:user_42*', 'ctx.duration_ms:>1000', 'service:checkout level:>=warn']
      .map((text): [string, (q: Params) => string, (q: Params) => string] => [`${text}, count`, ...count({ query: parseQuery(text) })]),
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
