/** Pure helpers for pattern rows: the template split around its `<*>` wildcards, and the explorer query for it. */

export interface TemplatePart {
  text: string;
  /** True for a `<*>` (a variable part of the line). */
  wildcard: boolean;
}

const WILDCARD = '<*>';

/**
 * Splits a template into literal text and wildcards, so the page highlights each `<*>` as an element (the text
 * stays text: React escapes it). `"user <*> in"` -> `[{user }, {<*>}, { in}]`; empty literals are left out.
 */
export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const pieces = template.split(WILDCARD);
  pieces.forEach((piece, i) => {
    if (piece) parts.push({ text: piece, wildcard: false });
    if (i < pieces.length - 1) parts.push({ text: WILDCARD, wildcard: true });
  });
  return parts;
}

/** Longest literal runs first: they say the most about a line and are what a phrase search can find. */
function literalRuns(template: string): string[] {
  return template
    .split(WILDCARD)
    .map((piece) => piece.trim())
    .filter((piece) => /[\p{L}\p{N}]/u.test(piece))
    .sort((a, b) => b.length - a.length);
}

/** Quotes a phrase for the search language: backslash and double quote escaped. */
export function quotePhrase(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The search query that finds a pattern's lines in the explorer: its (up to three) longest literal runs as
 * phrases, ANDed. A template made only of wildcards has no query (null): the caller opens the range unfiltered.
 */
export function patternQuery(template: string, maxPhrases = 3): string | null {
  const runs = literalRuns(template).slice(0, maxPhrases);
  return runs.length ? runs.map(quotePhrase).join(' ') : null;
}
