/** Maps SQLite errors onto the Store's typed errors, so the HTTP layer answers 503 (retry) instead of 500. */
import { StoreUnavailableError } from '../types.js';

/**
 * Result codes (and their extended forms, SQLITE_IOERR_WRITE...) that mean "cannot read or commit right now",
 * not "this request is wrong": the disk is full, the disk failed an I/O, memory ran out, or the lock wait
 * (busy_timeout) ran out. A retry may succeed once the operator (or the other writer) has made room.
 */
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|NOMEM|BUSY|LOCKED|CANTOPEN|READONLY)(_|$)/;

export function isSqliteUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE.test(code);
}

/** Returns StoreUnavailableError for an unavailable condition, else the error unchanged. */
export function mapSqliteError(err: unknown): unknown {
  if (err instanceof StoreUnavailableError || !isSqliteUnavailable(err)) return err;
  return new StoreUnavailableError(`SQLite cannot commit right now: ${(err as Error).message}`, err);
}

type AsyncMethod = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = (async () => {}).constructor;

/**
 * Routes the errors of every async method of `store` (its Store methods: users, sessions, projects, reads)
 * through mapSqliteError, so that no method can forget to. Log writes are mapped by the writer worker.
 */
export function mapErrorsOf<T extends object>(store: T): T {
  const seen = new Set<string>();
  for (let proto = Object.getPrototypeOf(store); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = proto[name] as unknown;
      if (seen.has(name) || !(method instanceof AsyncFunction)) continue;
      seen.add(name);
      const original = method as AsyncMethod;
      Object.defineProperty(store, name, {
        configurable: true,
        writable: true,
        value: async (...args: unknown[]) => {
          try {
            return await original.apply(store, args);
          } catch (err) {
            throw mapSqliteError(err);
          }
        },
      });
    }
  }
  return store;
}
