/**
 * Free-text search on log messages, with the same tokens as the SQLite FTS5 (unicode61) index and
 * src/search/text.ts: runs of letters and digits (search-sql.ts builds the tsquery). PostgreSQL's default parser keeps paths, hosts and decimals as single tokens, so
 * ASCII punctuation is turned into spaces before parsing (non-ASCII punctuation is a blank to it already).
 */

/** Runs of ASCII punctuation: ! to /, : to @, [ to `, { to ~ (regexp_replace is ~8x cheaper than translate here). */
const ASCII_PUNCT_RUNS = '[!-/:-@[-`{-~]+';

/**
 * The indexed expression. The GIN index in the migrations is built on exactly this text: queries must
 * use it verbatim to be served by the index. Never change it without a migration that rebuilds the index.
 */
export const MESSAGE_TSV = `to_tsvector('simple'::regconfig, regexp_replace(message, '${ASCII_PUNCT_RUNS}', ' ', 'g'))`;
