/**
 * Days that are over, stored as compressed blocks: the way PostgreSQL can reach issue 13's ≤ 250 bytes per log
 * (docs/benchmarks.md, "Storage"). The closed-day pass moves each day that is over into blocks
 * (closed-days.ts); every read of logs reads blocks beside the day partitions, and the contract suite runs all
 * its cases a second time with every log in blocks.
 *
 * A block holds up to BLOCK_ROWS logs of one project and day, in (ts, id) order, and at most BLOCK_BYTES of
 * messages. Each column is an array, compressed by PostgreSQL (TOAST, lz4 where the server has it). Its words
 * are a `tsvector` whose positions are row numbers in the block (1 to BLOCK_ROWS; a tsvector keeps at most 256
 * positions per word, hence the block's size): the GIN index finds the blocks holding a word, and the positions
 * say exactly which rows hold it, as the SQLite text index says which rows (src/store/sqlite/search-sql.ts); a
 * phrase is checked against each candidate's message, as there.
 *
 * `blockRowsFrom` reads blocks back as rows whose columns have the names of `logs`' (LOG_COLUMNS, plus `k`, the
 * row number), so the WHERE clauses of filters.ts apply to them unchanged: the block's own columns are named so
 * as not to clash (`block_id`, `ids`, `tss`, …). `blockQuery` builds them so that blocks are picked by their
 * words and a text term's rows come from the positions.
 */
import type pg from 'pg';
import type { QueryNode, TextNode } from '../../search/ast.js';
import { fullQuery, hasText } from '../query-shape.js';
import type { LogFilter, LogQuery } from '../types.js';
import type { Db, Statement } from './db.js';
import { buildWhere, Params } from './filters.js';
import { tsPhrase } from './search-sql.js';
import { DAY_MS } from './partitions.js';
import { LOG_COLUMNS } from './rows.js';
import { MESSAGE_TSV } from './text-search.js';

/** Rows per block: a tsvector keeps 256 positions per word at most, and a word's positions are its rows. */
export const BLOCK_ROWS = 256;
/** Bytes of messages per block at most (a tsvector is limited to 1 MB). */
export const BLOCK_BYTES = 262_144;

/** The columns of `logs`, in LOG_COLUMNS' order, and the block's array that holds each. */
const COLUMNS: Array<[string, string]> = [
  ['id', 'ids'],
  ['ts', 'tss'],
  ['received_at', 'received_ats'],
  ['level', 'levels'],
  ['service', 'services'],
  ['message', 'messages'],
  ['context', 'contexts'],
  ['environment', 'environments'],
  ['version', 'versions'],
  ['host', 'hosts'],
  ['trace_id', 'trace_ids'],
  ['span_id', 'span_ids'],
  ['fingerprint', 'fingerprints'],
];

/**
 * `FROM` clause of the blocks' rows: `b` the block, `l` its rows with `k`, the row's number in the block, and
 * the columns of `logs` named in `columns` (all by default); `perBlock`, joins computed once per block before
 * its rows. Only the arrays named are decompressed: a count
 * by service and level reads neither messages nor contexts. Conditions on `b` (project, times,
 * `words @@ …`) pick blocks through their indexes.
 */
export function blockRowsFrom(columns: readonly string[] = COLUMNS.map(([c]) => c), perBlock = ''): string {
  const used = COLUMNS.filter(([c]) => columns.includes(c));
  if (used.length !== columns.length) throw new Error(`not a column of logs blocks: ${columns.join(', ')}`);
  return `log_blocks b${perBlock} CROSS JOIN LATERAL unnest(${used.map(([, a]) => `b.${a}`).join(', ')})
  WITH ORDINALITY AS l(${used.map(([c]) => c).join(', ')}, k)`;
}

/**
 * A tsquery every block holding a match must satisfy, from the words of the query's text terms: `card &
 * declined` for `"card declined"`; null where nothing is required (a NOT, an OR with a branch without words).
 * Only `&`, `|` and `:*`: the positions of `words` are rows, so `<->` would mean nothing.
 */
function necessaryWords(n: QueryNode): string | null {
  switch (n.type) {
    case 'text':
      return n.tokens.length ? tsPhrase(n, ' & ') : null;
    case 'and': {
      const parts = n.children.map(necessaryWords).filter((x): x is string => x !== null);
      return parts.length ? parts.map((x) => `(${x})`).join(' & ') : null;
    }
    case 'or': {
      const parts = n.children.map(necessaryWords);
      return parts.every((x) => x !== null) ? parts.map((x) => `(${x})`).join(' | ') : null;
    }
    default:
      return null;
  }
}

/**
 * FROM and WHERE of the block rows matching `f`, exactly the rows of `logs` that `buildWhere(f)` selects. Blocks
 * are picked by project, time and the query's words (GIN); in a block, a text term's rows come from the
 * positions of its words, computed once per block, and only a phrase or a prefix within several words has
 * its message parsed again. `columns`: those of `logs` the caller selects besides what the filter reads.
 */
export function blockQuery(
  f: LogFilter,
  p: Params,
  columns: readonly string[] = [],
  projectExpr?: string,
): { from: string; where: string; blocks: string } {
  const query = fullQuery(f);
  const tokens = new Map<string, string>(); // `word` or `word*` -> its positions' column in `w`
  const selects: string[] = [];
  const positions = (word: string, prefix: boolean) => {
    const key = `${word}${prefix ? '*' : ''}`;
    if (!tokens.has(key)) {
      const lexeme = `(ts_lexize('simple', ${p.add(word)}))[1]`;
      // The word's positions: its lexeme (or those it begins) marked, the others filtered out, then unnested.
      const lexemes = prefix ? `ARRAY(SELECT x FROM unnest(tsvector_to_array(b.words)) x WHERE starts_with(x, ${lexeme}))` : `ARRAY[${lexeme}]`;
      tokens.set(key, `w${selects.length}`);
      selects.push(`ARRAY(SELECT unnest(u.positions) FROM unnest(ts_filter(setweight(b.words, 'A', ${lexemes}), '{a}')) u) AS ${tokens.get(key)}`);
    }
    return `w.${tokens.get(key)}`;
  };
  const textSql = (t: TextNode): string => {
    if (!t.tokens.length) return 'FALSE';
    const rows = t.tokens.map((tok, i) => `l.k = ANY(${positions(tok, t.prefix && i === t.tokens.length - 1)})`);
    // One word: its positions are its rows. Several: they must also follow each other in the message, which
    // is parsed again only for the rows holding them all (CASE: PostgreSQL orders an AND's sides as it likes).
    if (t.tokens.length === 1) return rows[0]!;
    const phrase = `${MESSAGE_TSV.replace('message', 'l.message')} @@ to_tsquery('simple'::regconfig, ${p.add(tsPhrase(t))})`;
    return `(CASE WHEN ${rows.join(' AND ')} THEN ${phrase} ELSE FALSE END)`;
  };
  const rows = buildWhere(f, p, projectExpr, textSql);
  const blocks = blockConditions(f, p, projectExpr);
  const read = new Set([...columns, ...columnsRead(f, query)]);
  if (!read.size) read.add('level'); // a count without conditions on rows: the smallest array tells them
  // OFFSET 0 keeps the positions a subquery, computed once per block; pulled up, they were computed per row.
  const wordsJoin = selects.length ? ` CROSS JOIN LATERAL (SELECT ${selects.join(', ')} OFFSET 0) w` : '';
  return { from: blockRowsFrom([...read], wordsJoin), where: `${blocks} AND ${rows}`, blocks };
}

/** The conditions of `blockQuery` on a block alone (`b`), those its indexes answer: project, words, times. */
function blockConditions(f: LogFilter, p: Params, projectExpr?: string): string {
  const query = fullQuery(f);
  const blocks = [`b.project_id = ${projectExpr ?? (f.projectIds.length === 1 ? p.add(f.projectIds[0]) : `ANY(${p.add(f.projectIds)}::int[])`)}`];
  const words = query ? necessaryWords(query) : null;
  if (words) blocks.push(`b.words @@ to_tsquery('simple'::regconfig, ${p.add(words)})`);
  if (f.from !== undefined) blocks.push(`b.max_ts >= ${p.add(f.from)}`);
  if (f.to !== undefined) blocks.push(`b.min_ts < ${p.add(f.to)}`);
  return blocks.join(' AND ');
}

/** The columns of `logs` a filter's WHERE reads. */
function columnsRead(f: LogFilter, query: QueryNode | null): string[] {
  const cols = new Set<string>();
  if (f.from !== undefined || f.to !== undefined) cols.add('ts');
  if (f.services?.length) cols.add('service');
  if (f.levels?.length) cols.add('level');
  const walk = (n: QueryNode): void => {
    switch (n.type) {
      case 'text': if (n.tokens.length > 1) cols.add('message'); return; // one word: its positions suffice
      case 'not': walk(n.child); return;
      case 'and': case 'or': n.children.forEach(walk); return;
      case 'match': case 'compare': case 'has':
        if (n.field.kind === 'ctx') cols.add('context');
        else cols.add(FIELD_COLUMNS[n.field.name] ?? n.field.name);
        return;
      default: return;
    }
  };
  if (query) walk(query);
  return [...cols].filter((c) => COLUMNS.some(([name]) => name === c));
}

/** Columns of the query language's built-in fields, where their names differ. */
const FIELD_COLUMNS: Record<string, string> = { env: 'environment', error: 'fingerprint' };

/** A block's bytes as stored (its arrays compressed), for size estimates. */
export const BLOCK_SIZE_SQL = `(${['words', ...COLUMNS.map(([, a]) => a)].map((a) => `pg_column_size(b.${a})`).join(' + ')} + 64)`;

/** Every column of `logs` a block holds, for `blockQuery`'s `columns` when whole rows are read. */
export const ALL_COLUMNS: readonly string[] = COLUMNS.map(([c]) => c);

/** LOG_COLUMNS of a row read from a block (the project is the block's). */
export const BLOCK_LOG_COLUMNS =
  'l.id, b.project_id, l.ts, l.received_at, l.level, l.service, l.message, l.context, l.environment, l.version, l.host, l.trace_id, l.span_id, l.fingerprint';

/**
 * Writes as blocks the logs that `source` yields (a FROM item named `l` and its WHERE, e.g. a day partition
 * between two times, or a `DELETE … RETURNING` CTE named in `withs`); returns the number of blocks. One
 * statement: the caller's transaction decides what else goes with it.
 */
export async function writeBlocks(c: pg.ClientBase, source: string, params: unknown[] = [], withs = ''): Promise<number> {
  // A row's block: a new one every BLOCK_ROWS rows and every BLOCK_BYTES of messages of a project and day,
  // in (ts, id) order.
  const res = await c.query(
    `WITH ${withs ? `${withs}, ` : ''}ordered AS (
       SELECT l.*, floor(l.ts / ${DAY_MS}::numeric)::bigint AS day,
         row_number() OVER w - 1 AS rn, sum(octet_length(l.message)) OVER w AS bytes
       FROM ${source}
       WINDOW w AS (PARTITION BY l.project_id, floor(l.ts / ${DAY_MS}::numeric) ORDER BY l.ts, l.id)
     ), r AS (
       SELECT o.*, row_number() OVER (PARTITION BY o.project_id, o.day, o.blk ORDER BY o.ts, o.id) AS k
       FROM (SELECT *, rn / ${BLOCK_ROWS} + (bytes - 1) / ${BLOCK_BYTES} AS blk FROM ordered) o
     ), words AS (
       -- Each word of the block with the rows holding it: 'word':1,5,9 in a tsvector's text.
       SELECT project_id, day, blk,
         string_agg('''' || replace(replace(lex, '\\', '\\\\'), '''', '''''') || ''':' || ks, ' ')::tsvector AS words
       FROM (SELECT project_id, day, blk, lex, string_agg(k::text, ',' ORDER BY k) AS ks
             FROM r, unnest(tsvector_to_array(${MESSAGE_TSV})) AS lex GROUP BY 1, 2, 3, 4) w
       GROUP BY 1, 2, 3
     ), blocks AS (
       SELECT project_id, day, blk, count(*)::int AS n, min(ts) AS min_ts, max(ts) AS max_ts, min(id) AS min_id, max(id) AS max_id,
         ${COLUMNS.map(([col, a]) => `array_agg(${col} ORDER BY k) AS ${a}`).join(', ')}
       FROM r GROUP BY 1, 2, 3
     )
     INSERT INTO log_blocks (project_id, day, n, min_ts, max_ts, min_id, max_id, words, ${COLUMNS.map(([, a]) => a).join(', ')})
     SELECT b.project_id, b.day, b.n, b.min_ts, b.max_ts, b.min_id, b.max_id, coalesce(w.words, ''::tsvector),
       ${COLUMNS.map(([, a]) => `b.${a}`).join(', ')}
     FROM blocks b LEFT JOIN words w USING (project_id, day, blk)`,
    params,
  );
  return res.rowCount ?? 0;
}

/** Moves every row of `logs` into blocks, in one statement (tests: the contract suite over blocks). */
export async function moveAllToBlocks(c: pg.ClientBase): Promise<number> {
  return writeBlocks(c, 'moved l', [], 'moved AS (DELETE FROM logs RETURNING *)');
}

const ORDERS = { newest: 'ts DESC, id DESC', oldest: 'ts, id', id: 'id' } as const;

/**
 * A page of LOG_COLUMNS: the rows of `logs` under `where` and those of blocks under `cold` (from
 * `blockQuery` or `blockRowsFrom` with every column), each side ordered and cut at `limit`, then merged.
 */
export function unionPage(where: string, cold: { from: string; where: string }, order: keyof typeof ORDERS, limit: string): string {
  const by = ORDERS[order];
  return `SELECT * FROM ((SELECT ${LOG_COLUMNS} FROM logs WHERE ${where} ORDER BY ${by} LIMIT ${limit})
    UNION ALL (SELECT ${BLOCK_LOG_COLUMNS} FROM ${cold.from} WHERE ${cold.where} ORDER BY ${by.replace(/\b(ts|id)\b/g, 'l.$1')} LIMIT ${limit})) u
    ORDER BY ${by} LIMIT ${limit}`;
}

/** Blocks read in the first step of `newestInBlocks`; each next step reads four times as many. */
const FIRST_BLOCKS = 4;

/**
 * The newest `q.limit` rows of blocks matching `q` (its time bounds and cursor included), exactly those one
 * sort of every matching row would give, without reading every block: blocks are read newest first (by
 * their newest row), a few, then four times as many, and so on. No row of a block not yet read is newer
 * than that block's newest row, so once the page is full and its last row is newer than the next block's
 * newest, the page is final. `shape` turns the SQL into the statement run; `key` gives a row's ts and id;
 * `notBefore`, a time no row of the page can be older than (the last row of a full page found elsewhere):
 * blocks wholly older are not read.
 */
export async function newestInBlocks<R>(
  db: Db,
  q: LogQuery,
  key: (r: R) => { ts: number; id: bigint },
  shape: (sql: string) => Statement = (sql) => sql,
  notBefore?: number,
): Promise<R[]> {
  let page: R[] = [];
  let after: { ts: string; id: string } | null = null; // the last block read, in (max_ts, block_id) order
  for (let take = FIRST_BLOCKS; ; take *= 4) {
    // The blocks of this step, and the one after them (its newest row bounds every row not read yet).
    const b = new Params();
    let blocks = blockConditions(q, b);
    if (q.cursor) blocks += ` AND b.min_ts <= ${b.add(q.cursor.ts)}`;
    if (notBefore !== undefined) blocks += ` AND b.max_ts >= ${b.add(notBefore)}`;
    const next: string = after ? ` AND (b.max_ts, b.block_id) < (${b.add(after.ts)}::bigint, ${b.add(after.id)}::bigint)` : '';
    const picked = await db.query<{ block_id: string; max_ts: string }>(
      `SELECT b.block_id, b.max_ts FROM log_blocks b WHERE ${blocks}${next} ORDER BY b.max_ts DESC, b.block_id DESC LIMIT ${take + 1}`,
      b.values,
    );
    if (!picked.rows.length) return page;
    const read = picked.rows.slice(0, take);
    const p = new Params();
    const cold = blockQuery(q, p, ALL_COLUMNS);
    let where = cold.where;
    if (q.cursor) where += ` AND (l.ts, l.id) < (${p.add(q.cursor.ts)}, ${p.add(q.cursor.id)}::bigint)`;
    const ids = p.add(read.map((r) => r.block_id));
    const sql = `SELECT ${BLOCK_LOG_COLUMNS} FROM ${cold.from} WHERE ${where} AND b.block_id = ANY(${ids}::bigint[])
      ORDER BY l.ts DESC, l.id DESC LIMIT ${p.add(q.limit)}`;
    const statement = shape(sql);
    const { rows } = await (hasText(fullQuery(q)) ? db.queryWithBitmapMemory(statement, p.values) : db.query(statement, p.values));
    page = mergeNewest(page, rows as R[], key, q.limit);
    const bound = picked.rows[take];
    if (!bound) return page;
    const last = page[q.limit - 1];
    if (last && key(last).ts > Number(bound.max_ts)) return page;
    const end: { block_id: string; max_ts: string } = read[read.length - 1]!;
    after = { ts: end.max_ts, id: end.block_id };
  }
}

/** The newest `limit` of two pages, each newest first. */
export function mergeNewest<R>(a: R[], b: R[], key: (r: R) => { ts: number; id: bigint }, limit: number): R[] {
  if (!a.length) return b.slice(0, limit);
  if (!b.length) return a.slice(0, limit);
  const out: R[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    if (j >= b.length) out.push(a[i++]!);
    else if (i >= a.length) out.push(b[j++]!);
    else {
      const x = key(a[i]!);
      const y = key(b[j]!);
      out.push(x.ts > y.ts || (x.ts === y.ts && x.id > y.id) ? a[i++]! : b[j++]!);
    }
  }
  return out;
}
