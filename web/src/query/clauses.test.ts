import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendClause, excludeClause, includeClause, quoteValue, removeClause } from './clauses';

test('values are quoted so any text round-trips, quotes and backslashes escaped', () => {
  assert.equal(quoteValue('a "b" \\c'), '"a \\"b\\" \\\\c"');
  assert.equal(includeClause('ctx.http.route', '/orders'), 'ctx.http.route:"/orders"');
  assert.equal(excludeClause('service', 'api'), '-service:"api"');
});

test('the missing-value bucket filters by existence', () => {
  assert.equal(includeClause('ctx.user_id', null), '-has:ctx.user_id');
  assert.equal(excludeClause('ctx.user_id', null), 'has:ctx.user_id');
});

test('a clause is ANDed on, once, and an OR query is parenthesised first', () => {
  assert.equal(appendClause('', 'level:"error"'), 'level:"error"');
  assert.equal(appendClause('timeout', 'level:"error"'), 'timeout level:"error"');
  assert.equal(appendClause('timeout level:"error"', 'level:"error"'), 'timeout level:"error"');
  assert.equal(appendClause('a OR b', '-service:"api"'), '(a OR b) -service:"api"');
  assert.equal(appendClause('(a OR b) c', '-service:"api"'), '(a OR b) c -service:"api"');
});

test('excluding what was included swaps the clause instead of asking for nothing', () => {
  assert.equal(appendClause('x service:"api" y', '-service:"api"'), 'x y -service:"api"');
  assert.equal(appendClause('-has:ctx.user_id', 'has:ctx.user_id'), 'has:ctx.user_id');
  assert.equal(appendClause('NOT service:"api" x', 'service:"api"'), 'NOT service:"api" x service:"api"');
});

test('removing a clause leaves the rest as written', () => {
  assert.equal(removeClause('a  service:"my api"  b', 'service:"my api"'), 'a b');
  assert.equal(removeClause('a (service:"api" OR b)', 'service:"api"'), 'a (service:"api" OR b)');
});
