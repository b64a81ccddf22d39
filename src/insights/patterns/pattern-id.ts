import { createHash } from 'node:crypto';

/** A pattern's id: the first 16 hex digits of the SHA-256 of its template (stable across runs and stores). */
export function patternId(template: string): string {
  return createHash('sha256').update(template).digest('hex').slice(0, 16);
}
