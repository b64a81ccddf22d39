/**
 * The reference semantics of a query, in plain TypeScript: the stores' SQL must select exactly the entries
 * for which `matches` is true (the contract property test checks it). Also usable wherever entries are
 * already in memory.
 */
import { LEVEL_NAMES, type CompareOp, type Field, type QueryNode } from './ast.js';
import { globMatches, scalarEquals } from './values.js';
import { textTokens, tokensMatch } from './text.js';

/** What a query can see of a log entry (a LogEntry has all of it but the project's slug). */
export interface SearchableLog {
  level: string;
  service: string;
  message: string;
  context: Record<string, unknown>;
  environment: string | null;
  version: string | null;
  host: string | null;
  traceId: string | null;
  spanId: string | null;
  /** The project's slug; `project:` clauses match nothing without it. */
  project?: string;
  fingerprint?: string | null;
  /** The id of the root error group the entry counts towards; `error:` clauses match nothing without it. */
  errorGroup?: string | null;
}

/** The value at a context path: own properties of plain objects only (arrays are not indexed). */
export function contextValue(ctx: unknown, path: string[]): unknown {
  let v: unknown = ctx;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function builtinValue(log: SearchableLog, name: string): string | null {
  switch (name) {
    case 'service': return log.service;
    case 'project': return log.project ?? null;
    case 'env': return log.environment;
    case 'host': return log.host;
    case 'version': return log.version;
    case 'trace_id': return log.traceId;
    case 'span_id': return log.spanId;
    case 'fingerprint': return log.fingerprint ?? null;
    case 'error': return log.errorGroup ?? null;
    default: return null;
  }
}

const compare = (a: number, op: CompareOp, b: number) => (op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b);

function fieldValue(log: SearchableLog, f: Field): unknown {
  if (f.kind === 'ctx') return contextValue(log.context, f.path);
  if (f.name === 'level') return LEVEL_NAMES.indexOf(log.level as (typeof LEVEL_NAMES)[number]);
  if (f.name === 'message') return log.message;
  return builtinValue(log, f.name);
}

export function matches(node: QueryNode, log: SearchableLog, tokens?: string[]): boolean {
  const msg = () => (tokens ??= textTokens(log.message));
  switch (node.type) {
    case 'all':
      return true;
    case 'and':
      return node.children.every((c) => matches(c, log, msg()));
    case 'or':
      return node.children.some((c) => matches(c, log, msg()));
    case 'not':
      return !matches(node.child, log, msg());
    case 'text':
      return tokensMatch(msg(), node.tokens, node.prefix);
    case 'has': {
      const v = fieldValue(log, node.field);
      return v !== undefined && v !== null;
    }
    case 'compare': {
      const v = fieldValue(log, node.field);
      return typeof v === 'number' && compare(v, node.op, node.value);
    }
    case 'match': {
      const v = fieldValue(log, node.field);
      if (node.field.kind === 'builtin' && node.field.name === 'level') return v === Number(node.parts[0]);
      if (node.parts.length > 1) return typeof v === 'string' && globMatches(v, node.parts);
      return node.field.kind === 'ctx' ? scalarEquals(v, node.parts[0]!) : v === node.parts[0];
    }
  }
}
