/**
 * Free-text search on log messages, with the same semantics as the SQLite FTS5 (unicode61) index:
 * messages are split into runs of letters and digits; each query word must match as a word prefix,
 * and a word made of several tokens (`/api/users`, `db.query`) matches them as a phrase, the last
 * token by prefix. PostgreSQL's default parser keeps paths, hosts and decimals as single tokens, so
 * ASCII punctuation is turned into spaces before parsing (non-ASCII punctuation is a blank to it already).
 */

/** Runs of ASCII punctuation: ! to /, : to @, [ to `, { to ~ (regexp_replace is ~8x cheaper than translate here). */
const ASCII_PUNCT_RUNS = '[!-/:-@[-`{-~]+';

/**
 * The indexed expression. The GIN index in the migrations is built on exactly this text: queries must
 * use it verbatim to be served by the index. Never change it without a migration that rebuilds the index.
 */
export const MESSAGE_TSV = `to_tsvector('simple'::regconfig, regexp_replace(message, '${ASCII_PUNCT_RUNS}', ' ', 'g'))`;

/** Query words as SQLite sees them: whitespace-separated, ignoring words with no letter or digit. */
export function textWords(text: string | undefined): string[] {
  if (!text) return [];
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/**
 * Builds the tsquery text for `to_tsquery('simple', $n)`: `'api' <-> 'users':* & 'error':*`.
 * Tokens hold only letters and digits and are quoted, so user text can never change the query's shape;
 * the string is always passed as a bound parameter. Returns null when there is nothing to search.
 */
export function tsQueryText(text: string | undefined): string | null {
  const parts = textWords(text).map((word) => {
    const tokens = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return tokens.map((t, i) => `'${t}'${i === tokens.length - 1 ? ':*' : ''}`).join(' <-> ');
  });
  return parts.length ? parts.map((p) => `(${p})`).join(' & ') : null;
}
