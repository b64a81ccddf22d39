/**
 * Random logs and random queries of the search language for the contract property test: small
 * vocabularies, so that random clauses often match, with the awkward cases in them (numeric strings,
 * decimals, booleans, null, arrays, objects, glob characters, missing fields).
 */
import fc from 'fast-check';
import type { BuiltinField, CompareOp, Field, QueryNode, TextNode } from '../../search/ast.js';
import { LEVELS, type LogRow } from '../types.js';
import { row } from './harness.js';

const span = { start: 0, end: 0 };
const WORDS = ['api', 'users', 'user', 'db', 'query', 'timeout', 'ECONNREFUSED', '42', 'v1', 'über', 'GET', 'x'];
const SEPS = [' ', '/', '.', ': ', '-', '_', ' (', ', '];
const SERVICES = ['api', 'api-gw', 'web', 'Worker'];
const STRINGS = ['500', '1.5', '007', 'true', '/orders/1', '/orders/2x', 'api-x', 'a*b', 'a?[b]', '50%_off', ''];
const NUMBERS = [0, 200, 404, 500, -3, 1.5, 0.25, 1e21];
const JSON_VALUES: unknown[] = [...STRINGS, ...NUMBERS, true, false, null, [1, 2], { a: 1 }, { status: 500 }];
const CTX_PATHS = [['status'], ['http', 'status'], ['http', 'route'], ['path'], ['ok'], ['tags'], ['tags', '0'], ['missing']];

const message = fc
  .tuple(fc.constantFrom(...WORDS), fc.array(fc.tuple(fc.constantFrom(...SEPS), fc.constantFrom(...WORDS)), { maxLength: 6 }))
  .map(([w, rest]) => w + rest.map(([s, x]) => s + x).join(''));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });
const jsonValue = fc.constantFrom(...JSON_VALUES);
const context = fc.record(
  { status: jsonValue, http: fc.record({ status: jsonValue, route: jsonValue }, { requiredKeys: [] }), path: jsonValue, ok: jsonValue, tags: jsonValue },
  { requiredKeys: [] },
);

export function logRows(projectIds: number[]): fc.Arbitrary<LogRow[]> {
  const one = fc.record({
    projectId: fc.constantFrom(...projectIds),
    level: fc.constantFrom(...LEVELS),
    service: fc.constantFrom(...SERVICES),
    message,
    context,
    environment: maybe(fc.constantFrom('prod', 'staging')),
    host: maybe(fc.constantFrom('h1', 'h-2')),
    version: maybe(fc.constantFrom('1.0.0', '1.0.1', '2.0')),
    traceId: maybe(fc.constantFrom('t1', 't2')),
  });
  return fc.array(one, { minLength: 40, maxLength: 60 }).map((rows) =>
    rows.map((r, i) => row(r.projectId, { ...r, context: JSON.stringify(r.context), ts: Date.UTC(2026, 0, 1) + i * 1000 })),
  );
}

const textTerm: fc.Arbitrary<TextNode> = fc
  .tuple(fc.array(fc.constantFrom(...WORDS.map((w) => w.toLowerCase())), { minLength: 1, maxLength: 2 }), fc.nat(2))
  .map(([tokens, cut]) => {
    const last = tokens[tokens.length - 1]!;
    const cutLast = cut > 0 && last.length > cut ? last.slice(0, last.length - cut) : last;
    return { type: 'text', tokens: [...tokens.slice(0, -1), cutLast], prefix: cut > 0, span };
  });

const builtinValues: Record<Exclude<BuiltinField, 'level' | 'message' | 'fingerprint' | 'error'>, string[]> = {
  service: SERVICES, project: ['one', 'two', 'three'], env: ['prod', 'staging'], host: ['h1', 'h-2'],
  version: ['1.0.0', '1.0.1', '2.0'], trace_id: ['t1', 't2'], span_id: ['s1'],
};
const GLOBS = [['api-', ''], ['', 'x'], ['/orders/', ''], ['a', 'b'], ['', '0'], ['1.0.', ''], ['', '2', ''], ['a?[b]', ''], ['50%', '']];

const builtinMatch = fc.constantFrom(...(Object.keys(builtinValues) as Array<keyof typeof builtinValues>)).chain((name) =>
  fc.oneof(fc.constantFrom(...builtinValues[name]).map((v) => [v]), fc.constantFrom(...GLOBS)).map(
    (parts): QueryNode => ({ type: 'match', field: { kind: 'builtin', name }, parts, span }),
  ),
);
const ctxField = fc.constantFrom(...CTX_PATHS).map((path): Field => ({ kind: 'ctx', path }));
const ctxMatch = fc.tuple(ctxField, fc.oneof(fc.constantFrom(...STRINGS, '1.50', '1e21', '-3', 'false').map((v) => [v]), fc.constantFrom(...GLOBS)))
  .map(([field, parts]): QueryNode => ({ type: 'match', field, parts, span }));
const op = fc.constantFrom<CompareOp>('>', '>=', '<', '<=');
const compare = fc.oneof(
  fc.tuple(ctxField, op, fc.constantFrom(...NUMBERS, 1.25, 499.5)).map(([field, o, value]): QueryNode => ({ type: 'compare', field, op: o, value, span })),
  fc.tuple(op, fc.nat(5)).map(([o, value]): QueryNode => ({ type: 'compare', field: { kind: 'builtin', name: 'level' }, op: o, value, span })),
);
const level = fc.nat(5).map((rank): QueryNode => ({ type: 'match', field: { kind: 'builtin', name: 'level' }, parts: [String(rank)], span }));
const has = fc.oneof(ctxField, fc.constantFrom<Field>({ kind: 'builtin', name: 'env' }, { kind: 'builtin', name: 'host' }))
  .map((field): QueryNode => ({ type: 'has', field, span }));

const leaf: fc.Arbitrary<QueryNode> = fc.oneof(textTerm, builtinMatch, ctxMatch, compare, level, has);

export const queryNode: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children): QueryNode => ({ type: 'and', children, span })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children): QueryNode => ({ type: 'or', children, span })),
    tie('node').map((child): QueryNode => ({ type: 'not', child, span })),
  ),
})).node;
