/** Builds the WHERE clause shared by every SQLite log query from a LogFilter. Values are always bound. */
import { fullQuery } from '../query-shape.js';
import { LEVELS, type LogFilter } from '../types.js';
import { compileQuery, type TextMode, type Where } from './search-sql.js';

export type { Where } from './search-sql.js';
export { ftsWords, jsonPath, needsCheck } from './search-sql.js';

/**
 * `ftsWatermark`: the FTS indexer's progress (rows above it are matched in JavaScript), or 'js' to match
 * text in JavaScript only (the live tail's just-written rows). Pass the real watermark whenever the filter
 * may carry a query: 0 is exact too, but matches every row's text in JavaScript.
 */
export function buildWhere(f: LogFilter, ftsWatermark: number | 'js', alias = 'l'): Where {
  const clauses: string[] = [];
  const params: unknown[] = [];
  clauses.push(`${alias}.project_id IN (${f.projectIds.map(() => '?').join(',')})`);
  params.push(...f.projectIds);
  if (f.services?.length) {
    clauses.push(`${alias}.service IN (${f.services.map(() => '?').join(',')})`);
    params.push(...f.services);
  }
  if (f.levels?.length) {
    clauses.push(`${alias}.level IN (${f.levels.map(() => '?').join(',')})`);
    params.push(...f.levels.map((l) => LEVELS.indexOf(l)));
  }
  if (f.from !== undefined) {
    clauses.push(`${alias}.ts >= ?`);
    params.push(f.from);
  }
  if (f.to !== undefined) {
    clauses.push(`${alias}.ts < ?`);
    params.push(f.to);
  }
  const query = fullQuery(f);
  if (query) {
    const mode: TextMode = ftsWatermark === 'js' ? { fts: false } : { fts: true, watermark: ftsWatermark };
    const w = compileQuery(query, alias, mode);
    clauses.push(w.sql);
    params.push(...w.params);
  }
  return { sql: clauses.join(' AND '), params };
}
