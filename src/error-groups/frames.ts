/** Stack frames of an error group's latest event, for the group page. */
import { extractError, parseStack, type Frame } from '../grouping/index.js';
import type { LogEntry } from '../store/types.js';

export type { Frame };

/**
 * The frames of the event's error (any shape extractError knows), or of a stack pasted into a multi-line
 * message, as grouping reads them; none when the event carries no stack.
 */
export function framesOf(event: LogEntry): Frame[] {
  const stack = extractError(event.context)?.stack ?? (event.message.includes('\n') ? event.message : null);
  return stack ? parseStack(stack) : [];
}
