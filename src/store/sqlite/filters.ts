/** Builds the WHERE clause shared by every SQLite log query from a LogFilter. Values are always bound. */
import { queryWords } from '../text-match.js';
import { LEVELS, type LogFilter } from '../types.js';

export interface Where {
  sql: string;
  params: unknown[];
}

/** `{ 'a.b': v }` paths become SQLite JSON paths `$."a"."b"`; segments were validated at the boundary. */
export function jsonPath(dotted: string): string {
  return '$' + dotted.split('.').map((s) => `."${s.replace(/"/g, '""')}"`).join('');
}

/** Each word of `q` as an FTS5 prefix phrase: `"db.query"*` matches the tokens db, query... */
export function ftsQuery(words: string[]): string {
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}


export function buildWhere(f: LogFilter, ftsWatermark: number, alias = 'l'): Where {
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
  for (const [field, value] of Object.entries(f.context ?? {})) {
    const p = jsonPath(field);
    clauses.push(
      `(CASE json_type(${alias}.context, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ` +
        `ELSE CAST(json_extract(${alias}.context, ?) AS TEXT) END) = ?`,
    );
    params.push(p, p, value);
  }
  const words = queryWords(f.text);
  if (words.length) {
    // Indexed rows are matched by FTS; the small tail the indexer has not reached yet by the same rule in JS.
    clauses.push(
      `(${alias}.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?) OR (${alias}.id > ? AND devsmith_text_match(${alias}.message, ?)))`,
    );
    params.push(ftsQuery(words), ftsWatermark, words.join(' '));
  }
  return { sql: clauses.join(' AND '), params };
}
