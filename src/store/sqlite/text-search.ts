/**
 * Text search on SQLite without sorting every FTS hit by time. `IN (SELECT rowid FROM logs_fts …)` makes
 * SQLite materialise every hit of the word (3.5 M for a common word in 10 M logs) and then walk the time
 * index against that set; for a rare word it walks the whole time index. Instead:
 *  1. newest first along the time index, matching messages in JavaScript, for at most SCAN_ROWS rows: a
 *     common word fills the page within a few hundred rows;
 *  2. otherwise the word is rare there: its FTS hits newest first by rowid (arrival order, cheap for a rare
 *     word), and when there are at most HIT_LIMIT of them, only those rows are read and ordered;
 *  3. otherwise the general query. Counts restrict the FTS hits to the rowid window of the filtered rows.
 * Every path gives the exact answer; rows the indexer has not reached yet are matched in JavaScript.
 */
import type Database from 'better-sqlite3';
import { textMatches } from '../text-match.js';
import type { LogFilter, LogQuery } from '../types.js';
import { buildWhere, ftsQuery, type Where } from './filters.js';
import type { LogDbRow } from './rows.js';
import { AFTER_CURSOR } from './log-scan.js';
import { queryWords } from '../text-match.js';

const SCAN_ROWS = 10_000;
const HIT_LIMIT = 5_000;

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
      `SELECT l.* FROM json_each(?) c CROSS JOIN logs l ON l.id = c.value WHERE ${w.sql}
       ORDER BY l.ts DESC, l.id DESC LIMIT ?`,
    )
    .all(JSON.stringify(ids), ...w.params, limit) as LogDbRow[];
}

/** The FTS hits newest first, or null when there are more than `max`. */
function ftsHits(db: Database.Database, text: string, max: number): number[] | null {
  const hits = db
    .prepare('SELECT rowid AS id FROM logs_fts WHERE logs_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(ftsQuery(queryWords(text)), max + 1) as number[];
  return hits.length > max ? null : hits;
}

/** Ids above the FTS watermark whose message matches (the few rows the indexer has not reached). */
function tailHits(db: Database.Database, text: string, watermark: number): number[] {
  return db.prepare('SELECT id FROM logs WHERE id > ? AND devsmith_text_match(message, ?)').pluck().all(watermark, text) as number[];
}

export function searchNewest(db: Database.Database, q: LogQuery, watermark: number): LogDbRow[] {
  const text = q.text!;
  const w = cursorWhere(q, buildWhere({ ...q, text: undefined }, 0));
  // 1. Walk newest first; a page of a common word is found within a few hundred rows.
  const scan = db.prepare(`SELECT l.id, l.message FROM logs l WHERE ${w.sql} ORDER BY l.ts DESC, l.id DESC`);
  const ids: number[] = [];
  let scanned = 0;
  for (const r of scan.iterate(...w.params) as IterableIterator<{ id: number; message: string }>) {
    if (textMatches(r.message, text)) ids.push(r.id);
    if (ids.length === q.limit || ++scanned === SCAN_ROWS) break;
  }
  if (ids.length === q.limit || scanned < SCAN_ROWS) return rowsByIds(db, ids, w, q.limit);
  // 2. Few hits in the whole index: read just those rows.
  const hits = ftsHits(db, text, HIT_LIMIT);
  if (hits) return rowsByIds(db, [...tailHits(db, text, watermark), ...hits], w, q.limit);
  // 3. A word common elsewhere but rare under these filters: the general query.
  const all = cursorWhere(q, buildWhere(q, watermark));
  return db.prepare(`SELECT l.* FROM logs l WHERE ${all.sql} ORDER BY l.ts DESC, l.id DESC LIMIT ?`).all(...all.params, q.limit) as LogDbRow[];
}

/**
 * The filter's rows matching the text as two disjoint parts whose counts add up: indexed rows, with the FTS
 * hits restricted to the rowid window the filtered rows occupy (a 24 h window of 10 M logs holds ~15 % of
 * a common word's hits) and answered from the time index alone; and the unindexed tail, matched in JS.
 */
export function windowedTextWheres(db: Database.Database, f: LogFilter, watermark: number): Where[] {
  const base = buildWhere({ ...f, text: undefined }, 0);
  const span = db.prepare(`SELECT MIN(l.id) AS lo, MAX(l.id) AS hi FROM logs l WHERE ${base.sql}`).get(...base.params) as { lo: number | null; hi: number | null };
  if (span.lo === null || span.hi === null) return [];
  const parts: Where[] = [];
  if (span.lo <= watermark) {
    parts.push({
      sql: `${base.sql} AND l.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ? AND rowid BETWEEN ? AND ?)`,
      params: [...base.params, ftsQuery(queryWords(f.text)), span.lo, Math.min(span.hi, watermark)],
    });
  }
  if (span.hi > watermark) {
    parts.push({ sql: `l.id > ? AND ${base.sql} AND devsmith_text_match(l.message, ?)`, params: [watermark, ...base.params, f.text] });
  }
  return parts;
}
