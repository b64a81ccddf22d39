import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseErrorFilters, tabStatuses } from './error-filters';

test('the Resolved tab asks for both resolved states', () => {
  assert.deepEqual(tabStatuses('resolved'), ['resolved', 'resolved_next_release']);
  assert.deepEqual(tabStatuses('ignored'), ['ignored']);
  assert.equal(tabStatuses('all'), 'all');
});

test('an old "next release" link opens the Resolved tab; an unknown status the default', () => {
  assert.equal(parseErrorFilters(new URLSearchParams('status=resolved_next_release')).status, 'resolved');
  assert.equal(parseErrorFilters(new URLSearchParams('status=bogus')).status, 'unresolved');
});
