/**
 * Tokens of the search language for syntax highlighting: the server's own lexer (src/search, pure
 * TypeScript with no Node imports), so the colours always agree with how the query is parsed.
 */
export { tokenize, type Token, type TokenKind } from '../../src/search/index.js';
