/**
 * Recursive-descent parser: query → QueryNode. Precedence NOT (and `-`) > AND (also implicit) > OR.
 * Every refusal is a QueryError pointing at the offending characters; nothing is silently dropped.
 */
import type { CompareOp, Field, QueryNode, Span, TextNode } from './ast.js';
import { LIMITS, QueryError } from './errors.js';
import { levelRank, resolveField, toNumber } from './fields.js';
import { lex, type LexToken } from './lexer.js';
import { textTokens } from './text.js';

export function parseQuery(input: string): QueryNode {
  if (input.length > LIMITS.length) {
    throw new QueryError(`query too long at ${LIMITS.length}: at most ${LIMITS.length} characters`, LIMITS.length, input.length - LIMITS.length);
  }
  return new Parser(input).parse();
}

const spanOf = (a: { start: number }, b: { end: number }): Span => ({ start: a.start, end: b.end });
const quote = (t: LexToken) => `'${t.text}'`;
const isParen = (t: LexToken | undefined, p: '(' | ')') => t?.kind === 'paren' && t.text === p;

class Parser {
  private readonly tokens: LexToken[];
  private pos = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly input: string) {
    this.tokens = lex(input);
    const broken = this.tokens.find((t) => t.kind === 'error');
    if (broken) throw new QueryError(`unbalanced quote at ${broken.start}: close the phrase with "`, broken.start, broken.end - broken.start);
  }

  parse(): QueryNode {
    if (!this.peek()) return { type: 'all', span: { start: 0, end: this.input.length } };
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) {
      if (isParen(extra, ')')) throw this.error(`unbalanced parenthesis: ')' at ${extra.start} has no matching '('`, extra);
      throw this.error(`unexpected ${quote(extra)} at ${extra.start}`, extra);
    }
    return node;
  }

  /** The next token that is not a space; with `raw`, spaces too. */
  private peek(raw = false): LexToken | undefined {
    if (!raw) while (this.tokens[this.pos]?.kind === 'space') this.pos++;
    return this.tokens[this.pos];
  }

  private next(raw = false): LexToken | undefined {
    const t = this.peek(raw);
    if (t) this.pos++;
    return t;
  }

  private error(message: string, at: { start: number; end: number }): QueryError {
    return new QueryError(message, at.start, Math.max(at.end - at.start, 1));
  }

  private isOp(t: LexToken | undefined, op: string): boolean {
    return t?.kind === 'operator' && t.text === op;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.isOp(this.peek(), 'OR')) {
      const op = this.next()!;
      this.expectTerm(op);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children, span: spanOf(children[0]!.span, children[children.length - 1]!.span) };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseNot()];
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, 'AND')) {
        this.next();
        this.expectTerm(t!);
      } else if (!t || this.isOp(t, 'OR') || isParen(t, ')')) break;
      children.push(this.parseNot());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children, span: spanOf(children[0]!.span, children[children.length - 1]!.span) };
  }

  /** After an operator, a term must follow (not the end, a ')' or another AND/OR). */
  private expectTerm(op: LexToken): void {
    const t = this.peek();
    if (!t || isParen(t, ')') || this.isOp(t, 'AND') || this.isOp(t, 'OR')) {
      throw this.error(`expected a term after ${quote(op)} at ${op.start}`, op);
    }
  }

  private parseNot(): QueryNode {
    const t = this.peek();
    if (this.isOp(t, 'NOT') || this.isOp(t, '-')) {
      this.next();
      this.expectTerm(t!);
      this.enter(t!);
      const child = this.parseNot();
      this.depth--;
      return { type: 'not', child, span: spanOf(t!, child.span) };
    }
    return this.parsePrimary();
  }

  private enter(at: LexToken): void {
    if (++this.depth > LIMITS.depth) throw this.error(`too deeply nested at ${at.start}: at most ${LIMITS.depth} levels of parentheses and NOT`, at);
  }

  private parsePrimary(): QueryNode {
    const t = this.next();
    if (!t) throw new QueryError(`expected a term at ${this.input.length}`, this.input.length, 1);
    if (isParen(t, '(')) {
      this.enter(t);
      const inner = this.peek();
      if (!inner) throw this.error(`unbalanced parenthesis: '(' at ${t.start} is never closed`, t);
      if (isParen(inner, ')')) throw this.error(`empty parentheses at ${t.start}`, spanOf(t, inner));
      const node = this.parseOr();
      const close = this.next();
      if (!isParen(close, ')')) throw this.error(`unbalanced parenthesis: '(' at ${t.start} is never closed`, t);
      this.depth--;
      return node;
    }
    if (t.kind === 'paren') throw this.error(`unbalanced parenthesis: ')' at ${t.start} has no matching '('`, t);
    if (t.kind === 'operator') throw this.error(`expected a term before ${quote(t)} at ${t.start}`, t);
    this.countTerm(t);
    if (t.kind === 'phrase') return this.text(t, t.text, false);
    if (t.kind === 'field') return this.fieldClause(t);
    return this.freeWord(t);
  }

  private countTerm(at: LexToken): void {
    if (++this.terms > LIMITS.terms) throw this.error(`too many terms at ${at.start}: at most ${LIMITS.terms}`, at);
  }

  /** A free word: its tokens as a phrase; a trailing `*` makes the last token a prefix. */
  private freeWord(t: LexToken): TextNode {
    const { parts } = t;
    if (parts.length > 2 || (parts.length === 2 && parts[1] !== '')) {
      throw this.error(`a wildcard in free text can only end a word (like time*) at ${t.start}`, t);
    }
    return this.text(t, parts[0]!, parts.length === 2);
  }

  private text(t: LexToken, value: string, prefix: boolean): TextNode {
    const tokens = textTokens(value);
    if (!tokens.length) {
      const what = t.kind === 'phrase' ? 'phrase' : 'word';
      throw this.error(`nothing to search for in the ${what} at ${t.start}: text search matches letters and digits (use quotes for a field value)`, t);
    }
    return { type: 'text', tokens, prefix, span: { start: t.start, end: t.end } };
  }

  private fieldClause(ft: LexToken): QueryNode {
    if (ft.text.toLowerCase() === 'has') return this.hasClause(ft);
    const field = resolveField(ft.text, ft.start);
    const v = this.peek(true);
    if (!v || v.kind === 'space' || isParen(v, ')') || v.kind === 'operator') {
      throw new QueryError(`expected a value after '${ft.text}:' at ${ft.end}`, ft.end, 1);
    }
    if (isParen(v, '(')) {
      throw this.error(`a field takes one value at ${v.start}: write (${ft.text}:a OR ${ft.text}:b) instead of ${ft.text}:(a OR b)`, v);
    }
    this.next(true);
    if (v.kind === 'comparison') return this.comparison(ft, field, v);
    if (v.kind === 'range') return this.range(ft, field, v);
    const span = spanOf(ft, v);
    if (field.kind === 'builtin' && field.name === 'message') {
      return { ...(v.kind === 'phrase' ? this.text(v, v.text, false) : this.freeWord(v)), span };
    }
    const parts = v.kind === 'phrase' ? [v.text] : v.parts;
    if (parts.length === 2 && parts[0] === '' && parts[1] === '') return { type: 'has', field, span };
    // Group ids are 64-bit on PostgreSQL: a larger number names no group (and must not reach a bigint cast).
    if (field.kind === 'builtin' && field.name === 'error' && (parts.length > 1 || !/^\d{1,19}$/.test(parts[0]!) || BigInt(parts[0]!) > 9_223_372_036_854_775_807n)) {
      throw this.error(`error: takes an error group id (digits) at ${v.start}, like error:123`, v);
    }
    if (field.kind === 'builtin' && field.name === 'level') {
      if (parts.length > 1) throw this.error(`a level takes no wildcard at ${v.start}: use level:>=warn for a range of levels`, v);
      return { type: 'match', field, parts: [String(levelRank(parts[0]!, v.start))], span };
    }
    return { type: 'match', field, parts, span };
  }

  private hasClause(ft: LexToken): QueryNode {
    const v = this.peek(true);
    if (!v || v.kind !== 'word') throw new QueryError(`expected a field name after 'has:' at ${ft.end}, like has:ctx.user_id`, ft.end, 1);
    this.next(true);
    const field = resolveField(v.text, v.start);
    if (v.parts.length > 1) throw this.error(`a field name takes no wildcard at ${v.start}`, v);
    if (field.kind === 'builtin' && field.name === 'message') throw this.error(`every entry has a message; has: applies to other fields at ${v.start}`, v);
    return { type: 'has', field, span: spanOf(ft, v) };
  }

  private comparable(ft: LexToken, field: Field, at: LexToken): void {
    if (field.kind === 'ctx' || field.name === 'level') return;
    throw this.error(`'${ft.text}' cannot be compared at ${at.start}: comparisons and ranges apply to level and ctx fields`, at);
  }

  /** A bound: a number, or a level name for `level`. */
  private bound(field: Field, t: LexToken): number {
    if (field.kind === 'builtin') return levelRank(t.text, t.start);
    const n = t.parts.length === 1 ? toNumber(t.text) : null;
    if (n === null) throw this.error(`bad number '${t.text}' at ${t.start}: comparisons and ranges take numbers, like 1000 or 2.5`, t);
    return n;
  }

  private comparison(ft: LexToken, field: Field, op: LexToken): QueryNode {
    this.comparable(ft, field, op);
    const v = this.peek(true);
    if (!v || v.kind !== 'word') throw new QueryError(`expected a ${field.kind === 'ctx' ? 'number' : 'level'} after '${ft.text}:${op.text}' at ${op.end}`, op.end, 1);
    this.next(true);
    return { type: 'compare', field, op: op.text as CompareOp, value: this.bound(field, v), span: spanOf(ft, v) };
  }

  /** `[a TO b]` inclusive, `{a TO b}` exclusive (mixable); `*` leaves a side open. Becomes one or two comparisons. */
  private range(ft: LexToken, field: Field, open: LexToken): QueryNode {
    this.comparable(ft, field, open);
    if (open.text !== '[' && open.text !== '{') throw this.error(`unexpected '${open.text}' at ${open.start}`, open);
    const lo = this.next();
    const to = this.next();
    const hi = this.next();
    const close = this.next();
    const shape = `write ${ft.text}:[low TO high]`;
    if (lo?.kind !== 'word') throw this.error(`expected a lower bound at ${lo?.start ?? open.end}: ${shape}`, lo ?? { start: open.end, end: open.end + 1 });
    if (to?.kind !== 'range' || to.text !== 'TO') throw this.error(`expected TO at ${to?.start ?? lo.end}: ${shape}`, to ?? { start: lo.end, end: lo.end + 1 });
    if (hi?.kind !== 'word') throw this.error(`expected an upper bound at ${hi?.start ?? to.end}: ${shape}`, hi ?? { start: to.end, end: to.end + 1 });
    if (close?.kind !== 'range' || (close.text !== ']' && close.text !== '}')) {
      throw this.error(`unbalanced range: '${open.text}' at ${open.start} is never closed with ] or }`, open);
    }
    const span = spanOf(ft, close);
    const isStar = (t: LexToken) => t.parts.length === 2 && t.parts[0] === '' && t.parts[1] === '';
    const sides: QueryNode[] = [];
    if (!isStar(lo)) sides.push({ type: 'compare', field, op: open.text === '[' ? '>=' : '>', value: this.bound(field, lo), span });
    if (!isStar(hi)) sides.push({ type: 'compare', field, op: close.text === ']' ? '<=' : '<', value: this.bound(field, hi), span });
    if (!sides.length) throw this.error(`a range needs at least one bound at ${open.start}; use has:${ft.text} for any value`, spanOf(open, close));
    return sides.length === 1 ? sides[0]! : { type: 'and', children: sides, span };
  }
}
