/** The connection pool and the two ways the store talks to it: one statement, or one transaction. */
import pg from 'pg';
import { StoreConflictError, StoreUnavailableError } from '../types.js';
import { mapError } from './errors.js';

export type Statement = string | pg.QueryConfig;

export interface Db {
  pool: pg.Pool;
  /**
   * Runs one statement on any pooled connection; errors are mapped (503 / 409). `sql` may be a query config
   * (rowMode, per-query type parsers): a fresh object per call, as pg writes the params into it.
   */
  query<R extends pg.QueryResultRow = any>(sql: Statement, params?: unknown[], conflictWhat?: string): Promise<pg.QueryResult<R>>;
  /**
   * Like `query`, with `work_mem` raised to 64 MB for this one statement. A text search over a day of logs
   * builds a bitmap of every matching row; at the default 4 MB it turns lossy, and then every row of those
   * pages is checked again by re-parsing its message: a common word counted over 24 h took 0.9 s, 0.23 s
   * with the bitmap exact.
   */
  queryWithBitmapMemory<R extends pg.QueryResultRow = any>(sql: Statement, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Runs `fn` inside BEGIN/COMMIT on one connection; rolls back and maps the error when it throws. */
  tx<T>(fn: (c: pg.PoolClient) => Promise<T>, conflictWhat?: string): Promise<T>;
  /** Runs `fn` with one dedicated connection (advisory locks, DDL). */
  withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T>;
}

export function createDb(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'devsmith-logs', // a default: the URL's own application_name wins
    max: poolSize,
    // Never hang when PostgreSQL is down: connecting gives up after 5 s and surfaces as a 503.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // A runaway query (a huge text search, a year-long histogram) is cut off instead of holding a connection.
    statement_timeout: 30_000,
  });
  // An idle client losing its connection (restart, admin shutdown) emits 'error' on the pool; without a
  // listener Node would crash the process. The pool drops that client and connects anew on next use.
  pool.on('error', () => {});

  async function connect(): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (err) {
      return mapError(err);
    }
  }

  async function withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await connect();
    let broken: Error | undefined;
    // The pool listens for 'error' only on idle clients: a checked-out client losing its connection
    // would emit an unhandled 'error' and crash the process. The query in flight rejects on its own.
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (err) {
      broken ??= err as Error;
      throw err;
    } finally {
      client.removeListener('error', onError);
      // Destroy the client after an error that may have left it unusable (lost connection, aborted tx).
      client.release(broken !== undefined && isBroken(broken) ? broken : undefined);
    }
  }

  return {
    pool,
    async query(sql, params, conflictWhat) {
      try {
        return await pool.query(sql as string, params as unknown[]);
      } catch (err) {
        return mapError(err, conflictWhat);
      }
    },
    queryWithBitmapMemory(sql, params) {
      return withClient(async (c) => {
        try {
          await c.query("SET work_mem = '64MB'");
          return await c.query(sql as string, params as unknown[]);
        } catch (err) {
          return mapError(err);
        } finally {
          await c.query('RESET work_mem').catch(() => {}); // a broken connection is destroyed anyway
        }
      });
    },
    tx(fn, conflictWhat) {
      return withClient(async (c) => {
        try {
          await c.query('BEGIN');
          const result = await fn(c);
          await c.query('COMMIT');
          return result;
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {});
          return mapError(err, conflictWhat);
        }
      });
    },
    withClient,
  };
}

/** Errors that did not come from the server (socket, driver, timeouts) leave a connection we cannot trust. */
function isBroken(err: Error): boolean {
  if (err instanceof StoreConflictError) return false;
  const cause = err instanceof StoreUnavailableError ? err.cause : err;
  if (!(cause instanceof pg.DatabaseError)) return true;
  const code = cause.code ?? '';
  return code.startsWith('08') || code.startsWith('57');
}
