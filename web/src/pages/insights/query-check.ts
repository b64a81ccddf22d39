/** The Ask box's query check: the server's own parser (pure, shared with the dashboard), run as the user edits. */
import { parseQuery, QueryError } from '../../../../src/search/index.js';

export type QueryCheck = { valid: true } | { valid: false; message: string; position: number | null };

/** An empty query is invalid here: "Run in explorer" with nothing would just open the whole range. */
export function checkQuery(text: string): QueryCheck {
  if (!text.trim()) return { valid: false, message: 'The query is empty', position: null };
  try {
    parseQuery(text);
    return { valid: true };
  } catch (error) {
    if (error instanceof QueryError) return { valid: false, message: error.message, position: error.position };
    return { valid: false, message: error instanceof Error ? error.message : String(error), position: null };
  }
}
