/**
 * PostgreSQL's text form of a `jsonb` value, rewritten as `JSON.stringify(JSON.parse(text))` would write it,
 * without building the value. The list API parses the context and serialises it again; an export reads
 * every context once, and that round trip was most of its CPU time per log.
 *
 * What jsonb_out writes (src/backend/utils/adt/jsonb.c): one space after every `:` and `,` outside strings
 * and nowhere else; strings escaped as JSON.stringify escapes them (`\"`, `\\`, `\b\f\n\r\t`, other control
 * characters as lowercase `\u00xx`, everything else as is); numbers as `numeric` text (`1.0`, `0.0000001`,
 * 400 digits for `1e400`), never with an exponent; object keys without duplicates, shorter keys first.
 * So only three things differ from JSON.stringify's form:
 * - the spaces, dropped;
 * - a number not in JavaScript's form, replaced by JSON.stringify(Number(token)) (`1.0` → `1`,
 *   `0.0000001` → `1e-7`, `1e400` → `null`, a 20-digit integer rounded to a double);
 * - keys that are array indices (`"0"`, `"200"`): a JavaScript object lists those first, in numeric order.
 *   Rare in a log context, so any key made only of digits sends the whole value through JSON.parse instead.
 * The property test beside this file checks the equality on values stored in and read back from PostgreSQL.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
const COLON = 58;
const MINUS = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** A number token stays as it is when it is at most this long and has only digits (and a sign): exact in a double. */
const SAFE_INTEGER_DIGITS = 15;

const isDigit = (c: number) => c >= DIGIT_0 && c <= DIGIT_9;

function onlyDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Index of the quote that closes the string whose opening quote is at `open`. */
function stringEnd(s: string, open: number): number {
  let j = open;
  for (;;) {
    j = s.indexOf('"', j + 1);
    if (j < 0) throw new SyntaxError('unterminated string in jsonb text');
    let k = j - 1;
    while (s.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j; // an even run of backslashes escapes itself, not the quote
  }
}

/** End of a number token starting at `i`: digits, `-`, `+`, `.`, `e`, `E`. */
function numberEnd(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const c = s.charCodeAt(j);
    if (isDigit(c) || c === 46 || c === MINUS || c === 43 || c === 101 || c === 69) j++;
    else return j;
  }
}

/** The token as JSON.stringify writes the number JSON.parse reads from it; the token itself when equal. */
function jsNumber(s: string, from: number, to: number): string | null {
  const negative = s.charCodeAt(from) === MINUS;
  const start = negative ? from + 1 : from;
  const zero = to - start === 1 && s.charCodeAt(start) === DIGIT_0;
  if (to - start <= SAFE_INTEGER_DIGITS && onlyDigits(s, start, to) && !(negative && zero)) return null; // `-0` is `0`
  const token = s.slice(from, to);
  const js = JSON.stringify(Number(token));
  return js === token ? null : js;
}

/** `JSON.stringify(JSON.parse(text))` for `text` written by PostgreSQL's jsonb output function. */
export function compactJsonb(text: string): string {
  let out = '';
  let from = 0; // start of the text not yet copied to `out`
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (text.charCodeAt(end + 1) === COLON && end > i + 1 && onlyDigits(text, i + 1, end)) return JSON.stringify(JSON.parse(text));
      i = end + 1;
    } else if (c === SPACE) {
      out += text.slice(from, i);
      from = ++i;
    } else if (c === MINUS || isDigit(c)) {
      const end = numberEnd(text, i);
      const js = jsNumber(text, i, end);
      if (js !== null) {
        out += text.slice(from, i) + js;
        from = end;
      }
      i = end;
    } else i++;
  }
  return from === 0 ? text : out + text.slice(from);
}
