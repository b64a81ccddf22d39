/**
 * Editing a query string by clicking: facet values become clauses ANDed onto `q` (`field:"value"` to
 * include, `-field:"value"` to exclude, and for the missing-value bucket `-has:field` / `has:field`).
 */
import { tokenize } from '../search-tokens';

/** A value as a phrase: quotes and backslashes escaped, so any text round-trips. */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The clause that keeps only logs whose `field` is `value`; `null` is the "no such field" bucket. */
export function includeClause(field: string, value: string | null): string {
  return value === null ? `-has:${field}` : `${field}:${quoteValue(value)}`;
}

/** The clause that drops logs whose `field` is `value`; `null` drops the logs without the field. */
export function excludeClause(field: string, value: string | null): string {
  return value === null ? `has:${field}` : `-${field}:${quoteValue(value)}`;
}

/** The clause with the opposite meaning: `-a:"x"` ↔ `a:"x"`, `has:a` ↔ `-has:a`. */
function opposite(clause: string): string {
  return clause.startsWith('-') ? clause.slice(1) : `-${clause}`;
}

/** Whether `OR` joins terms at the outermost level, where appending `AND x` would bind to one side only. */
function hasTopLevelOr(q: string): boolean {
  let depth = 0;
  for (const token of tokenize(q)) {
    const text = q.slice(token.start, token.end);
    if (token.kind === 'paren') depth += text === '(' ? 1 : -1;
    else if (token.kind === 'operator' && text === 'OR' && depth === 0) return true;
  }
  return false;
}

/** Splits a query into its top-level clauses as written (for finding and removing a clause). */
function topLevelClauses(q: string): Array<{ start: number; end: number }> {
  const clauses: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let current: { start: number; end: number } | null = null;
  for (const token of tokenize(q)) {
    const text = q.slice(token.start, token.end);
    if (token.kind === 'space' && depth === 0) {
      // `NOT x` is one clause: the operator belongs to the term after it.
      if (current && q.slice(current.start, current.end) !== 'NOT') {
        clauses.push(current);
        current = null;
      }
      continue;
    }
    if (token.kind === 'paren') depth += text === '(' ? 1 : -1;
    current = current ? { start: current.start, end: token.end } : { start: token.start, end: token.end };
  }
  if (current) clauses.push(current);
  return clauses;
}

/** `q` without the top-level clause written exactly as `clause` (spaces tidied). */
export function removeClause(q: string, clause: string): string {
  const found = topLevelClauses(q).find((c) => q.slice(c.start, c.end) === clause);
  if (!found) return q;
  return `${q.slice(0, found.start)}${q.slice(found.end)}`.replace(/\s+/g, ' ').trim();
}

export function hasClause(q: string, clause: string): boolean {
  return topLevelClauses(q).some((c) => q.slice(c.start, c.end) === clause);
}

/**
 * `q` AND `clause`. A clause already there is not added twice, and its opposite is taken out
 * (excluding a value you had included swaps the two rather than asking for the impossible).
 */
export function appendClause(q: string, clause: string): string {
  const base = removeClause(q.trim(), opposite(clause));
  if (hasClause(base, clause)) return base;
  if (!base) return clause;
  return hasTopLevelOr(base) ? `(${base}) ${clause}` : `${base} ${clause}`;
}
