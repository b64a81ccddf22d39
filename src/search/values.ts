/** How field values compare, shared by the evaluator and documented in docs/search.md. */
import { toNumber } from './fields.js';

/**
 * `ctx.x:v`: a JSON string equal to v; or, when v is a number, a JSON number equal to it (500 = 500.0);
 * or, when v is true/false, that boolean. Objects, arrays and null never equal a value.
 */
export function scalarEquals(v: unknown, query: string): boolean {
  if (typeof v === 'string') return v === query;
  if (typeof v === 'number') return v === toNumber(query);
  if (typeof v === 'boolean') return String(v) === query;
  return false;
}

/** The value's string matches the glob: `parts` are the literal pieces between `*` wildcards. */
export function globMatches(s: string, parts: string[]): boolean {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!s.startsWith(first)) return false;
  let i = first.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const at = s.indexOf(parts[k]!, i);
    if (at < 0) return false;
    i = at + parts[k]!.length;
  }
  return s.length - last.length >= i && s.endsWith(last);
}
