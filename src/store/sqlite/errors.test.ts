import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '../types.js';
import { isSqliteUnavailable, mapErrorsOf, mapSqliteError } from './errors.js';

const sqliteError = (code: string) => Object.assign(new Error(code), { code });

test('full disk, I/O errors and lock waits map to StoreUnavailableError; others pass through', () => {
  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_NOMEM']) {
    assert.ok(mapSqliteError(sqliteError(code)) instanceof StoreUnavailableError, code);
  }
  for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_FULLX', 'ENOENT']) {
    assert.equal(isSqliteUnavailable(sqliteError(code)), false, code);
  }
});

test('mapErrorsOf maps every async method, inherited ones included, and leaves sync ones alone', async () => {
  class Base {
    async inherited(): Promise<void> {
      throw sqliteError('SQLITE_FULL');
    }
  }
  class Store extends Base {
    async own(x: number): Promise<number> {
      if (x < 0) throw sqliteError('SQLITE_IOERR_FSYNC');
      return x * 2;
    }
    sync(): number {
      throw sqliteError('SQLITE_FULL');
    }
  }
  const s = mapErrorsOf(new Store());
  assert.equal(await s.own(2), 4);
  await assert.rejects(s.own(-1), StoreUnavailableError);
  await assert.rejects(s.inherited(), StoreUnavailableError);
  assert.throws(() => s.sync(), (err: Error) => !(err instanceof StoreUnavailableError));
});
