/** Maps pg / network errors onto the Store's typed errors, so the HTTP layer can answer 409 or 503. */
import { StoreConflictError, StoreUnavailableError } from '../types.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']);

/**
 * True when the error means "the database cannot be reached or cannot commit right now":
 * SQLSTATE class 08 (connection exception), 53 (insufficient resources: disk full, too many connections),
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), network errors and pg's own
 * connection/timeout messages (they carry no code).
 */
export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (code.startsWith('08') || code.startsWith('53') || /^57P0[1-3]$/.test(code)) return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|connection timeout|not queryable|Client was closed/i.test(
    err.message,
  );
}

/** Rethrows `err` as StoreUnavailableError or StoreConflictError when it is one, else unchanged. */
export function mapError(err: unknown, conflictWhat = 'record'): never {
  if (err instanceof StoreUnavailableError || err instanceof StoreConflictError) throw err;
  if (isUnavailable(err)) {
    throw new StoreUnavailableError(`PostgreSQL unavailable: ${(err as Error).message}`, err);
  }
  if ((err as { code?: unknown }).code === '23505') throw new StoreConflictError(conflictWhat);
  throw err;
}
