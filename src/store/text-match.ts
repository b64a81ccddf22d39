/**
 * The text-search rule every backend implements: each whitespace-separated word of the query (with a
 * letter or digit) must occur in the message as a phrase of tokens, case-insensitively, the last token by
 * prefix. Tokens are runs of letters and digits, so `users/api` finds "GET /users/api/1" and `db.que` finds
 * "db.query failed". Used where no index helps (SQLite rows the FTS indexer has not reached, live tail).
 */
const tokens = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function queryWords(text: string | undefined): string[] {
  return text ? text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)) : [];
}

export function textMatches(message: string, text: string): boolean {
  const msg = tokens(message);
  return queryWords(text).every((word) => {
    const q = tokens(word);
    return msg.some((_, i) => q.every((t, j) => (j === q.length - 1 ? (msg[i + j] ?? '').startsWith(t) : msg[i + j] === t)));
  });
}
