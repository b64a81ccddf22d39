/**
 * Backend-independent views of a filter's query that both stores use to pick a plan: the legacy
 * `ctx.<f>=` equalities as query clauses, whether any clause searches text, and the text terms of a
 * top-level AND (the case the stores' fast paths serve: `timeout service:api level:error`).
 */
import type { MatchNode, QueryNode, TextNode } from '../search/ast.js';
import type { LogFilter } from './types.js';

/** The filter's query with its `context` equalities ANDed in (they mean `ctx.<path>:"<value>"`). */
export function fullQuery(f: LogFilter): QueryNode | null {
  const clauses: QueryNode[] = Object.entries(f.context ?? {}).map(([path, value]): MatchNode => ({
    type: 'match', field: { kind: 'ctx', path: path.split('.') }, parts: [value], span: { start: 0, end: 0 },
  }));
  if (f.query && f.query.type !== 'all') clauses.push(f.query);
  if (!clauses.length) return null;
  return clauses.length === 1 ? clauses[0]! : { type: 'and', children: clauses, span: { start: 0, end: 0 } };
}

export function hasText(node: QueryNode | null | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'text': return true;
    case 'and': case 'or': return node.children.some(hasText);
    case 'not': return hasText(node.child);
    case 'match': return node.field.kind === 'builtin' && node.field.name === 'message';
    default: return false;
  }
}

/** The text terms every match must contain (positive terms of the top-level AND) and the other clauses. */
export function splitText(node: QueryNode | null): { text: TextNode[]; rest: QueryNode | null } {
  if (!node) return { text: [], rest: null };
  if (node.type === 'text') return { text: [node], rest: null };
  if (node.type !== 'and') return { text: [], rest: node };
  const text = node.children.filter((c): c is TextNode => c.type === 'text');
  const others = node.children.filter((c) => c.type !== 'text');
  const rest = others.length === 0 ? null : others.length === 1 ? others[0]! : { ...node, children: others };
  return { text, rest };
}
