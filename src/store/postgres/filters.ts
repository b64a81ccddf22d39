/** Builds the WHERE clause shared by every log query from a LogFilter. Values are always bound parameters. */
import type { TextNode } from '../../search/ast.js';
import { fullQuery } from '../query-shape.js';
import { LEVELS, type LogFilter } from '../types.js';
import { compileQuery } from './search-sql.js';

export class Params {
  readonly values: unknown[] = [];
  /** Binds a value and returns its placeholder (`$3`). */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * `projectExpr` replaces the project condition's value, e.g. a LATERAL join's column (see queryLogs);
 * `textSql` the condition of a text term (compileQuery).
 */
export function buildWhere(f: LogFilter, p: Params, projectExpr?: string, textSql?: (t: TextNode) => string): string {
  const clauses: string[] = [];
  // An equality lets the planner walk the (project_id, ts desc, id desc) index in order instead of sorting.
  if (projectExpr) clauses.push(`project_id = ${projectExpr}`);
  else if (f.projectIds.length === 1) clauses.push(`project_id = ${p.add(f.projectIds[0])}`);
  else clauses.push(`project_id = ANY(${p.add(f.projectIds)}::int[])`);
  if (f.services?.length) {
    clauses.push(f.services.length === 1 ? `service = ${p.add(f.services[0])}` : `service = ANY(${p.add(f.services)}::text[])`);
  }
  if (f.levels?.length) clauses.push(`level = ANY(${p.add(f.levels.map((l) => LEVELS.indexOf(l)))}::smallint[])`);
  if (f.from !== undefined) clauses.push(`ts >= ${p.add(f.from)}`);
  if (f.to !== undefined) clauses.push(`ts < ${p.add(f.to)}`);
  const query = fullQuery(f);
  if (query) clauses.push(compileQuery(query, p, textSql));
  return clauses.join(' AND ');
}
