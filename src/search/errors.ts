/** A query that cannot run as written: where (0-based offset and length) and why, in words a person can act on. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly length: number = 1,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** Bounds that keep parsing, compiling and the SQL it yields small, whatever the input. */
export const LIMITS = {
  /** Characters in a query (2 KB of ASCII). */
  length: 2048,
  /** Nested parentheses and NOTs. */
  depth: 32,
  /** Terms (words, phrases, field clauses). */
  terms: 100,
} as const;
