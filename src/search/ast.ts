/**
 * The query language's syntax tree. Every node keeps the span of source text it came from (0-based,
 * end exclusive), so errors found after parsing can still point at the characters they are about.
 * Semantics are in docs/search.md; `evaluate.ts` is the reference implementation the stores must agree with.
 */

export interface Span {
  start: number;
  end: number;
}

/** Built-in columns a field clause may name (`project` is the project's slug, `env` its environment). */
export type BuiltinField =
  | 'level' | 'service' | 'project' | 'env' | 'host' | 'version' | 'trace_id' | 'span_id' | 'message'
  /** The error fingerprint of the entry; `error` names an error group by id (all of its fingerprints). */
  | 'fingerprint' | 'error';

export const BUILTIN_FIELDS: readonly BuiltinField[] = ['level', 'service', 'project', 'env', 'host', 'version', 'trace_id', 'span_id', 'message', 'fingerprint', 'error'];

/** A field: a built-in column, or a path into the entry's context object (`ctx.http.status` → ['http', 'status']). */
export type Field = { kind: 'builtin'; name: BuiltinField } | { kind: 'ctx'; path: string[] };

/**
 * Words searched in the message: `tokens` (lower-cased runs of letters and digits) must appear one after
 * the other; with `prefix` the last one only has to start with the given token (`time*`).
 */
export interface TextNode {
  type: 'text';
  tokens: string[];
  prefix: boolean;
  span: Span;
}

/**
 * `field:value`. `parts` is the value split at its unescaped `*` wildcards: one part means an exact value,
 * several a glob (`api-*` → ['api-', '']). For `level`, the value is the level's name (`ERROR`).
 */
export interface MatchNode {
  type: 'match';
  field: Field;
  parts: string[];
  span: Span;
}

export type CompareOp = '>' | '>=' | '<' | '<=';

/** `field:>n` on JSON numbers of the context, or on the level's rank (`level:>=warn`, value is the rank). */
export interface CompareNode {
  type: 'compare';
  field: Field;
  op: CompareOp;
  value: number;
  span: Span;
}

/** `has:field`: the context path holds a value that is not null, or the built-in column is not null. */
export interface HasNode {
  type: 'has';
  field: Field;
  span: Span;
}

export interface AndNode {
  type: 'and';
  children: QueryNode[];
  span: Span;
}

export interface OrNode {
  type: 'or';
  children: QueryNode[];
  span: Span;
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
  span: Span;
}

/** The empty query: matches every entry. */
export interface AllNode {
  type: 'all';
  span: Span;
}

export type LeafNode = TextNode | MatchNode | CompareNode | HasNode;
export type QueryNode = LeafNode | AndNode | OrNode | NotNode | AllNode;

/** Level names by rank, as stored (0 = TRACE); kept here so that this module imports nothing. */
export const LEVEL_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

export function fieldName(f: Field): string {
  return f.kind === 'builtin' ? f.name : `ctx.${f.path.join('.')}`;
}
