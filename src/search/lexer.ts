/**
 * Splits a query into tokens with their positions. It never throws: broken input (an unbalanced quote)
 * becomes an `error` token, so the dashboard can highlight what it can and the parser can report where.
 */

export type TokenKind = 'word' | 'phrase' | 'field' | 'operator' | 'paren' | 'comparison' | 'range' | 'error' | 'space';

/** A token as the dashboard highlights it: kind and 0-based [start, end) offsets. */
export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

/** A token with what the parser needs: the unescaped text, and for words the parts between `*` wildcards. */
export interface LexToken extends Token {
  /** word: unescaped text; phrase: content; field: name (without ':'); operator/comparison/range/paren: the symbol. */
  text: string;
  /** word: the text split at unescaped `*`; one part when there is no wildcard. */
  parts: string[];
  /** phrase: whether the closing quote was found. */
  closed: boolean;
}

const SPACE = /\s/u;
/** Field names: `level`, `ctx.http.status`, `has`... (segments as the `ctx.<f>=` query parameters allow). */
export const FIELD_NAME = /^[A-Za-z0-9_\-@$]+(\.[A-Za-z0-9_\-@$]+)*$/;
const KEYWORDS = new Set(['AND', 'OR', 'NOT']);

const tok = (kind: TokenKind, start: number, end: number, text: string, parts: string[] = [text], closed = true): LexToken => ({
  kind, start, end, text, parts, closed,
});

export function lex(input: string): LexToken[] {
  const out: LexToken[] = [];
  let i = 0;
  let inRange = false;
  const prev = () => out[out.length - 1];
  const afterField = () => prev()?.kind === 'field' && prev()!.end === i;
  const afterValueStart = () => (prev()?.kind === 'field' || prev()?.kind === 'comparison') && prev()!.end === i;
  while (i < input.length) {
    const c = input[i]!;
    const start = i;
    if (SPACE.test(c)) {
      while (i < input.length && SPACE.test(input[i]!)) i++;
      out.push(tok('space', start, i, input.slice(start, i)));
    } else if (c === '"') {
      out.push(readPhrase(input, i));
      i = prev()!.end;
    } else if (inRange && (c === ']' || c === '}')) {
      inRange = false;
      out.push(tok('range', i, ++i, c));
    } else if ((c === '[' || c === '{') && afterField()) {
      inRange = true;
      out.push(tok('range', i, ++i, c));
    } else if ((c === '>' || c === '<') && afterField()) {
      i += input[i + 1] === '=' ? 2 : 1;
      out.push(tok('comparison', start, i, input.slice(start, i)));
    } else if (c === '(' || c === ')') {
      out.push(tok('paren', i, ++i, c));
    } else if (c === '-' && !afterValueStart() && !inRange && i + 1 < input.length && !SPACE.test(input[i + 1]!) && input[i + 1] !== ')') {
      out.push(tok('operator', i, ++i, '-'));
    } else {
      const value = afterValueStart() || inRange;
      const w = readWord(input, i, value, inRange);
      i = w.end;
      if (inRange && w.kind === 'word' && w.text === 'TO' && w.parts.length === 1) w.kind = 'range';
      else if (!value && w.kind === 'word' && KEYWORDS.has(w.text) && input.slice(start, i) === w.text) w.kind = 'operator';
      out.push(w);
    }
  }
  return out;
}

function readPhrase(input: string, start: number): LexToken {
  let i = start + 1;
  let text = '';
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\\' && i + 1 < input.length) {
      text += input[i + 1];
      i += 2;
    } else if (c === '"') {
      return tok('phrase', start, i + 1, text, [text], true);
    } else {
      text += c;
      i++;
    }
  }
  return tok('error', start, i, text, [text], false);
}

/**
 * A run of characters up to a space, a parenthesis or a quote (and `]`/`}` in a range); `\` takes the
 * next character literally. Outside a field's value, `name:` ends the token as a field name.
 */
function readWord(input: string, start: number, value: boolean, inRange: boolean): LexToken {
  const parts: string[] = [''];
  let i = start;
  let escaped = false;
  while (i < input.length) {
    const c = input[i]!;
    if (SPACE.test(c) || c === '(' || c === ')' || c === '"' || (inRange && (c === ']' || c === '}'))) break;
    if (c === '\\' && i + 1 < input.length) {
      parts[parts.length - 1] += input[i + 1];
      escaped = true;
      i += 2;
      continue;
    }
    if (c === ':' && !value && !escaped && parts.length === 1 && FIELD_NAME.test(parts[0]!)) {
      return tok('field', start, i + 1, parts[0]!);
    }
    if (c === '*') parts.push('');
    else parts[parts.length - 1] += c;
    i++;
  }
  return tok('word', start, i, parts.join('*'), parts);
}

/** Tokens for syntax highlighting: every character of the input is in exactly one token. */
export function tokenize(input: string): Token[] {
  return lex(input).map(({ kind, start, end }) => ({ kind, start, end }));
}
