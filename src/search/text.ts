/**
 * The text rule every backend implements: text is split into tokens, runs of letters and digits, compared
 * case-insensitively (the SQLite FTS5 unicode61 tokenizer and PostgreSQL's 'simple' parser after
 * punctuation is blanked agree on these). A search is a sequence of whole tokens that must appear one after
 * the other; with `prefix`, the last one only has to start with the last token searched.
 */

export function textTokens(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether the message's tokens contain `tokens` in a row (the last by prefix when `prefix`). */
export function tokensMatch(messageTokens: string[], tokens: string[], prefix: boolean): boolean {
  const last = tokens.length - 1;
  for (let i = 0; i + last < messageTokens.length; i++) {
    let ok = true;
    for (let j = 0; j <= last && ok; j++) {
      const m = messageTokens[i + j]!;
      ok = j === last && prefix ? m.startsWith(tokens[j]!) : m === tokens[j];
    }
    if (ok) return true;
  }
  return false;
}

export function textMatches(message: string, tokens: string[], prefix: boolean): boolean {
  return tokensMatch(textTokens(message), tokens, prefix);
}
