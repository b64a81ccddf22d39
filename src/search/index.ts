/**
 * The search language: `parseQuery` turns `q` into a QueryNode (or throws a QueryError saying where and
 * why), `tokenize` splits it for highlighting, `matches` is the reference semantics, `printQuery` the
 * canonical text. Pure TypeScript with no Node imports: the dashboard imports it as is. See docs/search.md.
 */
export * from './ast.js';
export { QueryError, LIMITS } from './errors.js';
export { tokenize, type Token, type TokenKind } from './lexer.js';
export { parseQuery } from './parser.js';
export { printQuery } from './printer.js';
export { matches, contextValue, type SearchableLog } from './evaluate.js';
export { textTokens, textMatches } from './text.js';
