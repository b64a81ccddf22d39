/**
 * Text search on SQLite without sorting every FTS hit by time, for queries with text terms. `IN (SELECT
 * rowid FROM logs_fts …)` makes SQLite materialise every hit of the word (3.5 M for a common word in 10 M
 * logs) and then walk the time index against that set; for a rare word it walks the whole time index. Instead:
 *  1. newest first along the time index, the whole query matched per row with text in JavaScript, for at
 *     most SCAN_ROWS rows: a common word fills the page within a few hundred rows;
 *  2. otherwise, when the query's top level ANDs text terms (`timeout db`, `"connection reset" level:error`),
 *     their FTS hits newest first by rowid (arrival order, cheap for rare words), and when there are at
 *     most HIT_LIMIT of them, only those rows are read and ordered;
 *  3. otherwise the general query. Counts restrict the FTS hits to the rowid window of the filtered rows.
 * Every path gives the exact answer; rows the indexer has not reached yet are matched in JavaScript.
 */
import type Database from 'better-sqlite3';
import { coldColumn } from './cold.js';
import type { TextNode } from '../../search/ast.js';
import { textTokens, tokensMatch } from '../../search/text.js';
import { fullQuery, splitText } from '../query-shape.js';
import type { LogFilter, LogQuery } from '../types.js';
import { buildWhere, ftsWords, needsCheck, type Where } from './filters.js';
import { compileQuery } from './search-sql.js';
import { LOG_COLUMNS, type LogDbRow } from './rows.js';
import { AFTER_CURSOR } from './log-scan.js';

const SCAN_ROWS = 10_000;
const HIT_LIMIT = 5_000;

/** The filter's text terms (positive, top-level AND), and the filter with only its other clauses. */
export function textTerms(f: LogFilter): { terms: TextNode[]; others: LogFilter } {
  const { text, rest } = splitText(fullQuery(f));
  const others: LogFilter = { ...f, context: undefined, query: rest ?? undefined };
  return { terms: text, others };
}

function cursorWhere(q: LogQuery, base: Where): Where {
  if (!q.cursor) return base;
  return {
    sql: `${base.sql}${AFTER_CURSOR}`,
    params: [...base.params, q.cursor.ts, q.cursor.ts, Number(q.cursor.id)],
  };
}

/** Rows by id, in the API's order (newest first by ts, then id). */
function rowsByIds(db: Database.Database, ids: number[], w: Where, limit: number): LogDbRow[] {
  return db
    .prepare(
      `SELECT ${LOG_COLUMNS} FROM json_each(?) c CROSS JOIN logs l ON l.id = c.value WHERE ${w.sql}
       ORDER BY l.ts DESC, l.id DESC LIMIT ?`,
    )
    .all(JSON.stringify(ids), ...w.params, limit) as LogDbRow[];
}

/** All terms as one FTS5 query (terms side by side are ANDed): rows holding every word of every term. */
const ftsAll = (terms: TextNode[]) => terms.map(ftsWords).join(' ');
const allMatch = (message: string, terms: TextNode[]) => {
  const tokens = textTokens(message);
  return terms.every((t) => tokensMatch(tokens, t.tokens, t.prefix));
};

/** The FTS hits newest first, or null when there are more than `max`. */
function ftsHits(db: Database.Database, terms: TextNode[], max: number): number[] | null {
  const hits = db
    .prepare('SELECT rowid AS id FROM logs_fts WHERE logs_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(ftsAll(terms), max + 1) as number[];
  return hits.length > max ? null : hits;
}

/** The terms matched on the message in JavaScript, ANDed ('' for none). */
function jsMatch(terms: TextNode[]): Where {
  return {
    sql: terms.map(() => `devsmith_text_match(${coldColumn('l', 'message')}, ?, ?)`).join(' AND '),
    params: terms.flatMap((t) => [t.tokens.join(' '), t.prefix ? 1 : 0]),
  };
}

/** Ids above the FTS watermark whose message matches (the few rows the indexer has not reached). */
function tailHits(db: Database.Database, terms: TextNode[], watermark: number): number[] {
  const rows = db.prepare(`SELECT l.id, ${coldColumn('l', 'message')} AS message FROM logs l WHERE l.id > ?`).all(watermark) as Array<{ id: number; message: string }>;
  return rows.filter((r) => allMatch(r.message, terms)).map((r) => r.id);
}

export function searchNewest(db: Database.Database, q: LogQuery, watermark: number): LogDbRow[] {
  const query = fullQuery(q)!;
  // 1. Walk newest first, the query matched per row with text in JavaScript: a page of a common word is
  //    found within a few hundred rows, whatever the query's shape.
  const base = cursorWhere(q, buildWhere({ ...q, query: undefined, context: undefined }, watermark));
  const cond = compileQuery(query, 'l', { fts: false });
  const scan = db.prepare(`SELECT l.id, ${cond.sql} AS ok FROM logs l WHERE ${base.sql} ORDER BY l.ts DESC, l.id DESC`);
  const ids: number[] = [];
  let scanned = 0;
  for (const r of scan.iterate(...cond.params, ...base.params) as IterableIterator<{ id: number; ok: number | null }>) {
    if (r.ok) ids.push(r.id);
    if (ids.length === q.limit || ++scanned === SCAN_ROWS) break;
  }
  // Rows read by id are few: their text is matched in JavaScript too (FTS would list every hit of each word).
  const byIds = cursorWhere(q, buildWhere(q, 'js'));
  if (ids.length === q.limit || scanned < SCAN_ROWS) return rowsByIds(db, ids, byIds, q.limit);
  // 2. Text terms every match must contain, with few hits in the whole index: read just those rows.
  const { terms } = textTerms(q);
  const hits = terms.length ? ftsHits(db, terms, HIT_LIMIT) : null;
  // The indexer runs beside this read: rows it indexed after `watermark` was read are in both lists, once.
  if (hits) return rowsByIds(db, [...new Set([...tailHits(db, terms, watermark), ...hits])], byIds, q.limit);
  // 3. Words common elsewhere but rare under these filters: the general query.
  const w = cursorWhere(q, buildWhere(q, watermark));
  return db.prepare(`SELECT ${LOG_COLUMNS} FROM logs l WHERE ${w.sql} ORDER BY l.ts DESC, l.id DESC LIMIT ?`).all(...w.params, q.limit) as LogDbRow[];
}

/**
 * The filter's rows matching the text terms as two disjoint parts whose counts add up: indexed rows, with
 * the FTS hits restricted to the rowid window the filtered rows occupy (a 24 h window of 10 M logs holds
 * ~15 % of a common word's hits) and answered from the time index alone; and the unindexed tail.
 */
export function windowedTextWheres(db: Database.Database, f: LogFilter, watermark: number): Where[] {
  const { terms, others } = textTerms(f);
  const base = buildWhere(others, watermark);
  const span = db.prepare(`SELECT MIN(l.id) AS lo, MAX(l.id) AS hi FROM logs l WHERE ${base.sql}`).get(...base.params) as { lo: number | null; hi: number | null };
  if (span.lo === null || span.hi === null) return [];
  const parts: Where[] = [];
  if (span.lo <= watermark) {
    // Phrases' hits are rows holding their words: checked against the message (the index keeps no positions).
    const check = jsMatch(terms.filter(needsCheck));
    parts.push({
      sql: `${base.sql} AND l.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ?)${check.sql && ` AND ${check.sql}`}`,
      params: [...base.params, ftsAll(terms), span.lo, Math.min(span.hi, watermark), ...check.params],
    });
  }
  if (span.hi > watermark) {
    const js = jsMatch(terms);
    parts.push({ sql: `l.id > ? AND ${base.sql} AND ${js.sql}`, params: [watermark, ...base.params, ...js.params] });
  }
  return parts;
}
