/**
 * Compiles a query (src/search) to a SQLite condition with bound values only, selecting exactly what the
 * reference evaluator (src/search/evaluate.ts) matches. Every leaf is true, false or NULL (a missing value);
 * NOT collapses NULL to false first, so `-host:a` keeps the entries without a host, as the evaluator does.
 */
import type { CompareOp, Field, QueryNode, TextNode } from '../../search/ast.js';
import { toNumber } from '../../search/fields.js';
import { coldColumn, logColumn } from './cold.js';

export interface Where {
  sql: string;
  params: unknown[];
}

/**
 * How text terms are matched: through the FTS index, with the rows above its watermark (not indexed yet)
 * matched in JavaScript; or in JavaScript only (the live tail reads just-written rows the index lags behind).
 */
export type TextMode = { fts: true; watermark: number } | { fts: false };

const COLUMNS: Record<string, string> = {
  service: 'service', env: 'environment', host: 'host', version: 'version', trace_id: 'trace_id', span_id: 'span_id',
  fingerprint: 'fingerprint', error: 'fingerprint',
};

/** `['a', 'b']` → `$."a"."b"` (segments hold no quote: the language's field names exclude it). */
export function jsonPath(path: string[]): string {
  return '$' + path.map((s) => `."${s.replace(/"/g, '""')}"`).join('');
}

/**
 * An FTS5 query for the rows holding all of a term's tokens, the last by prefix when `prefix` (tokens are
 * letters and digits only). The index keeps no word positions (migration 12), so for a phrase of several
 * tokens this is a superset: its rows are checked against the message as well (`needsCheck`).
 */
export function ftsWords(t: Pick<TextNode, 'tokens' | 'prefix'>): string {
  const last = t.tokens.length - 1;
  return t.tokens.map((tok, i) => `"${tok}"${t.prefix && i === last ? '*' : ''}`).join(' ');
}

/** Whether the FTS hits of a term are only candidates: a phrase, whose word order the index does not keep. */
export const needsCheck = (t: Pick<TextNode, 'tokens'>): boolean => t.tokens.length > 1;

/** A GLOB pattern: `*` between the literal parts, whose own `*`, `?` and `[` are bracketed. */
export function globPattern(parts: string[]): string {
  return parts.map((p) => p.replace(/[*?[]/g, (c) => `[${c}]`)).join('*');
}

export function compileQuery(node: QueryNode, alias: string, mode: TextMode): Where {
  const params: unknown[] = [];
  const a = alias;
  // Message and context of hot and cold rows alike (cold.ts).
  const message = coldColumn(a, 'message');
  const context = coldColumn(a, 'context');
  const ctx = (path: string[]) => {
    params.push(jsonPath(path));
    return '?';
  };
  const bind = (v: unknown) => {
    params.push(v);
    return '?';
  };

  // Placeholders are positional: each piece binds its values in the order they appear in its SQL.
  const js = (t: TextNode) => `devsmith_text_match(${message}, ${bind(t.tokens.join(' '))}, ${bind(t.prefix ? 1 : 0)})`;
  const text = (t: TextNode): string => {
    if (!mode.fts) return js(t);
    const fts = `${a}.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ${bind(ftsWords(t))})`;
    if (!needsCheck(t)) return `(${fts} OR (${a}.id > ${bind(mode.watermark)} AND ${js(t)}))`;
    return `((${fts} OR ${a}.id > ${bind(mode.watermark)}) AND ${js(t)})`;
  };

  const compare = (f: Field, op: CompareOp, value: number): string => {
    if (f.kind === 'builtin') return `${a}.level ${op} ${bind(value)}`;
    return `(json_type(${context}, ${ctx(f.path)}) IN ('integer', 'real') AND json_extract(${context}, ${ctx(f.path)}) ${op} ${bind(value)})`;
  };

  const ctxEquals = (path: string[], v: string): string => {
    const c = context;
    const operand = `json_type(${c}, ${ctx(path)})`;
    const whens = [`WHEN 'text' THEN json_extract(${c}, ${ctx(path)}) = ${bind(v)}`];
    const n = toNumber(v);
    if (n !== null) whens.push(`WHEN 'integer' THEN json_extract(${c}, ${ctx(path)}) = ${bind(n)}`, `WHEN 'real' THEN json_extract(${c}, ${ctx(path)}) = ${bind(n)}`);
    if (v === 'true' || v === 'false') whens.push(`WHEN '${v}' THEN 1`);
    return `(CASE ${operand} ${whens.join(' ')} ELSE 0 END)`;
  };

  const match = (f: Field, parts: string[]): string => {
    const glob = parts.length > 1;
    if (f.kind === 'ctx') {
      if (!glob) return ctxEquals(f.path, parts[0]!);
      return `(json_type(${context}, ${ctx(f.path)}) = 'text' AND json_extract(${context}, ${ctx(f.path)}) GLOB ${bind(globPattern(parts))})`;
    }
    if (f.name === 'level') return `${a}.level = ${bind(Number(parts[0]))}`;
    if (f.name === 'error') {
      // A group's fingerprints are its own and those merged into it, in its project only.
      const id = Number(parts[0]);
      return `(${a}.project_id, ${a}.fingerprint) IN (SELECT g.project_id, g.fingerprint FROM error_groups g WHERE g.id = ${bind(id)} OR g.merged_into = ${bind(id)})`;
    }
    const value = glob ? `GLOB ${bind(globPattern(parts))}` : `= ${bind(parts[0])}`;
    if (f.name === 'project') return `${a}.project_id IN (SELECT id FROM projects WHERE slug ${value})`;
    return `${logColumn(a, COLUMNS[f.name]!)} ${value}`;
  };

  const has = (f: Field): string => {
    if (f.kind === 'ctx') return `COALESCE(json_type(${context}, ${ctx(f.path)}), 'null') <> 'null'`;
    const col = COLUMNS[f.name];
    return col ? `${logColumn(a, col)} IS NOT NULL` : '1';
  };

  const walk = (n: QueryNode): string => {
    switch (n.type) {
      case 'all': return '1';
      case 'text': return text(n);
      case 'match': return match(n.field, n.parts);
      case 'compare': return compare(n.field, n.op, n.value);
      case 'has': return has(n.field);
      case 'not': return `NOT COALESCE(${walk(n.child)}, 0)`;
      case 'and': return `(${n.children.map(walk).join(' AND ')})`;
      case 'or': return `(${n.children.map(walk).join(' OR ')})`;
    }
  };
  return { sql: walk(node), params };
}
