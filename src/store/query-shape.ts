/**
 * Backend-independent views of a filter's query that both stores use to pick a plan: the legacy
 * `ctx.<f>=` equalities as query clauses, whether any clause searches text, and the text terms of a
 * top-level AND (the case the stores' fast paths serve: `timeout service:api level:error`).
 */
import type { MatchNode, QueryNode, TextNode } from '../search/ast.js';
import { LEVELS, type Level, type LogFilter } from './types.js';

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

type Lifted = { levels: Level[] | null; services: string[] | null };

/** What a clause of the top-level AND says about level and service alone, or null when it says more. */
function liftable(c: QueryNode): Lifted | null {
  if (c.type === 'match' && c.field.kind === 'builtin' && c.parts.length === 1) {
    if (c.field.name === 'level') return { levels: [LEVELS[Number(c.parts[0])]!], services: null };
    if (c.field.name === 'service') return { levels: null, services: [c.parts[0]!] };
  }
  if (c.type === 'compare' && c.field.kind === 'builtin') {
    const { op, value } = c;
    const keep = (i: number) => (op === '>' ? i > value : op === '>=' ? i >= value : op === '<' ? i < value : i <= value);
    return { levels: LEVELS.filter((_, i) => keep(i)), services: null };
  }
  if (c.type === 'or') {
    // `level:error OR level:warn` (a facet's values), not a mix of fields.
    const parts = c.children.map(liftable);
    if (parts.every((p) => p && p.services === null && p.levels)) return { levels: parts.flatMap((p) => p!.levels!), services: null };
    if (parts.every((p) => p && p.levels === null && p.services)) return { levels: null, services: parts.flatMap((p) => p!.services!) };
  }
  return null;
}

const intersect = <T>(a: T[] | undefined, b: T[]): T[] => (a?.length ? a.filter((x) => b.includes(x)) : [...new Set(b)]);

/**
 * Moves the query's level and service clauses (of its top-level AND) into the filter's `levels` and
 * `services`: the same rows, but the stores' indexes on service and their per-minute rollups (which know
 * only project, service, level and time) can then serve `service:api level:>=warn` like the plain filters.
 */
export function liftFieldClauses<F extends LogFilter>(f: F): F {
  if (!f.query || f.query.type === 'all') return f;
  const children = f.query.type === 'and' ? f.query.children : [f.query];
  let levels = f.levels;
  let services = f.services;
  const rest: QueryNode[] = [];
  for (const c of children) {
    const l = liftable(c);
    if (!l) rest.push(c);
    else {
      if (l.levels) levels = intersect(levels, l.levels);
      if (l.services) services = intersect(services, l.services);
      // An empty list means "no filter" in a LogFilter: keep the clauses, which then match nothing.
      if (levels?.length === 0 || services?.length === 0) return f;
    }
  }
  const query = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : ({ ...f.query, children: rest } as QueryNode);
  return { ...f, levels, services, query };
}
