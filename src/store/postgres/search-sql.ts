/**
 * Compiles a query (src/search) to a PostgreSQL condition with bound values only, selecting exactly what
 * the reference evaluator (src/search/evaluate.ts) matches, and what SQLite's search-sql.ts selects.
 * Every leaf is true, false or NULL (a missing value); NOT collapses NULL to false first.
 * PostgreSQL stores no NUL character (ingest removes them), so a value holding one matches nothing;
 * binding it would fail.
 */
import type { CompareOp, Field, QueryNode, TextNode } from '../../search/ast.js';
import { toNumber } from '../../search/fields.js';
import type { Params } from './filters.js';
import { MESSAGE_TSV } from './text-search.js';

const COLUMNS: Record<string, string> = {
  service: 'service', env: 'environment', host: 'host', version: 'version', trace_id: 'trace_id', span_id: 'span_id',
  fingerprint: 'fingerprint', error: 'fingerprint',
};

/**
 * The tsquery of a text term: `'db' <-> 'query':*` (tokens are letters and digits, quoted); `join` ' & ' asks
 * for its words in any order (log-blocks.ts).
 */
export function tsPhrase(t: Pick<TextNode, 'tokens' | 'prefix'>, join = ' <-> '): string {
  return t.tokens.map((tok, i) => `'${tok}'${t.prefix && i === t.tokens.length - 1 ? ':*' : ''}`).join(join);
}

/** LIKE pattern: `%` between the literal parts, whose own `\`, `%` and `_` are escaped. */
export function likePattern(parts: string[]): string {
  return parts.map((p) => p.replace(/[\\%_]/g, (c) => `\\${c}`)).join('%');
}

const hasNul = (parts: string[]) => parts.some((s) => s.includes('\u0000'));

/** `textSql` replaces the condition of a text term (log-blocks.ts reads blocks' word positions instead). */
export function compileQuery(node: QueryNode, p: Params, textSql?: (t: TextNode) => string): string {
  // `->` with a text key on an array is NULL, as the evaluator never indexes arrays (`#>` would).
  const acc = (path: string[]) => `(context${path.map((k) => ` -> ${p.add(k)}::text`).join('')})`;

  const text = textSql ?? ((t: TextNode) => `${MESSAGE_TSV} @@ to_tsquery('simple'::regconfig, ${p.add(tsPhrase(t))})`);

  const compare = (f: Field, op: CompareOp, value: number): string => {
    if (f.kind === 'builtin') return `level ${op} ${p.add(value)}`;
    // CASE, not AND: PostgreSQL may evaluate an AND's sides in any order, and a string cannot be cast.
    const v = acc(f.path);
    return `(CASE WHEN jsonb_typeof(${v}) = 'number' THEN ${v}::numeric ${op} ${p.add(String(value))}::numeric END)`;
  };

  const ctxEquals = (path: string[], v: string): string => {
    // jsonb equality is typed: a string equals a string, a number a number (500 = 500.0).
    const candidates = [JSON.stringify(v)];
    const n = toNumber(v);
    if (n !== null) candidates.push(String(n));
    if (v === 'true' || v === 'false') candidates.push(v);
    return `${acc(path)} IN (${candidates.map((c) => `${p.add(c)}::jsonb`).join(', ')})`;
  };

  const match = (f: Field, parts: string[]): string => {
    if (hasNul(parts)) return 'FALSE';
    const glob = parts.length > 1;
    if (f.kind === 'ctx') {
      if (!glob) return ctxEquals(f.path, parts[0]!);
      const v = acc(f.path);
      return `(jsonb_typeof(${v}) = 'string' AND (${v} #>> '{}') LIKE ${p.add(likePattern(parts))})`;
    }
    if (f.name === 'level') return `level = ${p.add(Number(parts[0]))}`;
    if (f.name === 'error') {
      // A group's fingerprints are its own and those merged into it, in its project only.
      const id = `${p.add(parts[0])}::bigint`;
      return `(project_id, fingerprint) IN (SELECT g.project_id, g.fingerprint FROM error_groups g WHERE g.id = ${id} OR g.merged_into = ${id})`;
    }
    const value = glob ? `LIKE ${p.add(likePattern(parts))}` : `= ${p.add(parts[0])}`;
    if (f.name === 'project') return `project_id IN (SELECT id FROM projects WHERE slug ${value})`;
    return `${COLUMNS[f.name]!} ${value}`;
  };

  const has = (f: Field): string => {
    if (f.kind === 'ctx') return `jsonb_typeof(${acc(f.path)}) <> 'null'`;
    const col = COLUMNS[f.name];
    return col ? `${col} IS NOT NULL` : 'TRUE';
  };

  const walk = (n: QueryNode): string => {
    switch (n.type) {
      case 'all': return 'TRUE';
      case 'text': return text(n);
      case 'match': return match(n.field, n.parts);
      case 'compare': return compare(n.field, n.op, n.value);
      case 'has': return has(n.field);
      case 'not': return `NOT COALESCE(${walk(n.child)}, FALSE)`;
      case 'and': return `(${n.children.map(walk).join(' AND ')})`;
      case 'or': return `(${n.children.map(walk).join(' OR ')})`;
    }
  };
  return walk(node);
}
