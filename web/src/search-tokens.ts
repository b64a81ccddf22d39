/**
 * Tokens of the search language for syntax highlighting, with the same signature as `tokenize` in
 * src/search/index.ts (the server's parser). Until that module is on main this small scanner stands in;
 * swap the body for `export { tokenize } from '../../src/search/index.ts'` when it lands.
 * The tokens cover the input exactly (every character belongs to one token), so the highlight layer
 * lines up with the text under it.
 */

export type TokenKind = 'word' | 'phrase' | 'field' | 'operator' | 'paren' | 'comparison' | 'range' | 'error' | 'space';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

const FIELD_RE = /^[A-Za-z_@][\w.@$-]*:/;
const COMPARISON_RE = /^(>=|<=|>|<)/;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const endsWord = (c: string) => isSpace(c) || c === '(' || c === ')';

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, start: i, end });
    i = end;
  };
  while (i < input.length) {
    const c = input[i];
    if (isSpace(c)) {
      let end = i + 1;
      while (end < input.length && isSpace(input[end])) end++;
      push('space', end);
    } else if (c === '(' || c === ')') {
      push('paren', i + 1);
    } else if (c === '"') {
      push(...scanPhrase(input, i));
    } else if (c === '[') {
      const close = input.indexOf(']', i);
      push(close < 0 ? 'error' : 'range', close < 0 ? input.length : close + 1);
    } else if (c === '-' && i + 1 < input.length && !endsWord(input[i + 1]) && !/\d/.test(input[i + 1])) {
      push('operator', i + 1);
    } else {
      const field = FIELD_RE.exec(input.slice(i));
      if (field) {
        push('field', i + field[0].length);
        scanValue();
      } else {
        push(...scanWord(input, i));
      }
    }
  }
  return tokens;

  // A field's value: an optional comparison, then a phrase, a range or a word.
  function scanValue() {
    const comparison = COMPARISON_RE.exec(input.slice(i));
    if (comparison) push('comparison', i + comparison[0].length);
    if (i >= input.length || endsWord(input[i])) return;
    if (input[i] === '"') push(...scanPhrase(input, i));
    else if (input[i] === '[') {
      const close = input.indexOf(']', i);
      push(close < 0 ? 'error' : 'range', close < 0 ? input.length : close + 1);
    } else push('word', wordEnd(input, i));
  }
}

function scanPhrase(input: string, start: number): [TokenKind, number] {
  for (let j = start + 1; j < input.length; j++) {
    if (input[j] === '\\') j++;
    else if (input[j] === '"') return ['phrase', j + 1];
  }
  return ['error', input.length];
}

function wordEnd(input: string, start: number): number {
  let end = start;
  while (end < input.length && !endsWord(input[end])) end++;
  return end;
}

function scanWord(input: string, start: number): [TokenKind, number] {
  const end = wordEnd(input, start);
  return [OPERATORS.has(input.slice(start, end)) ? 'operator' : 'word', end];
}
