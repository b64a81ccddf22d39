/**
 * NDJSON (`application/x-ndjson`: one JSON value per line) as an array of entries for normalize.ts. A line that
 * is not JSON becomes an UnreadableLine at its own index, so it is refused alone (index = line number - 1) and
 * the lines around it are still stored.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
import { RUN_CHARS, SLICED_FROM, tooManyEntries } from './entry-count.js';

/** A line that could not be parsed; normalize.ts refuses it as `invalid_json`. */
export class UnreadableLine {
  constructor(readonly reason: string) {}
}

/**
 * Splits on LF (a CR before it is dropped) and parses each line. Trailing empty lines are ignored (most
 * writers end the last line with a newline); an empty line between entries is an entry, refused, so that
 * indexes stay line numbers. A body over 1 MiB is parsed with a turn of the event loop after every 256 KiB of
 * lines, as a JSON batch is (entry-count.ts).
 */
export async function parseNdjson(text: string, maxEntries = Infinity): Promise<unknown[]> {
  const lines = text.split('\n');
  while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
  // Refused before a line is parsed: parsing is what a batch costs (see entry-count.ts).
  if (lines.length > maxEntries) throw tooManyEntries(maxEntries, lines.length);
  const out = new Array<unknown>(lines.length);
  let sinceTurn = text.length > SLICED_FROM ? 0 : -Infinity;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if ((sinceTurn += line.length) > RUN_CHARS) (sinceTurn = 0), await nextTurn();
    if (!line.trim()) {
      out[i] = new UnreadableLine(`line ${i + 1} is empty`);
      continue;
    }
    try {
      out[i] = JSON.parse(line);
    } catch (err) {
      out[i] = new UnreadableLine(`line ${i + 1} is not JSON: ${(err as Error).message}`);
    }
  }
  return out;
}
