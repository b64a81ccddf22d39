import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStore } from './store-info.js';

test('a PostgreSQL store is named by database, host and user, never with its password', () => {
  const line = describeStore({ databaseUrl: 'postgres://devsmith:s3cret%21@db.internal:5433/logs_prod?sslmode=require', dataDir: '/x' }, {});
  assert.equal(line, 'using PostgreSQL database "logs_prod" on db.internal:5433 as devsmith');
  assert.doesNotMatch(line, /s3cret/);
});
