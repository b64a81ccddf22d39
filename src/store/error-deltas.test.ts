import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorDeltas, mergeDeltas, reopens } from './error-deltas.js';
import { errorRow, FP_A, FP_B, HOUR } from './contract/error-fixtures.js';

const T = Date.UTC(2026, 10, 25, 10, 0, 0);

test('errorDeltas: one delta per (project, fingerprint), sorted, with counts, versions, hours and tags', () => {
  const rows = [
    errorRow(2, FP_A, { ts: T + HOUR, host: 'h1', version: '1.0' }),
    errorRow(1, FP_B, { ts: T, level: 'WARN' }),
    errorRow(1, FP_A, { ts: T, host: 'h1' }),
    errorRow(1, FP_A, { ts: T + HOUR + 5, host: 'h2', level: 'FATAL', version: '1.1' }),
    errorRow(1, FP_A, { ts: T - 5, host: 'h1', group: null }),
  ];
  const d = errorDeltas(rows);
  assert.deepEqual(d.map((x) => [x.projectId, x.fingerprint, x.n]), [[1, FP_A, 2], [1, FP_B, 1], [2, FP_A, 1]]);
  const a = d[0]!;
  assert.deepEqual([a.level, a.first, a.last, a.versions], [5, T, T + HOUR + 5, [null, '1.1']]);
  assert.deepEqual(a.hours, [[T / HOUR, 1], [T / HOUR + 1, 1]]);
  assert.deepEqual(a.tags.filter((t) => t[0] === 'host'), [['host', 'h1', 1, T, T], ['host', 'h2', 1, T + HOUR + 5, T + HOUR + 5]]);
  assert.deepEqual(errorDeltas([errorRow(1, FP_A, { group: null })]), []);
  const merged = mergeDeltas([errorDeltas(rows.slice(0, 3)), errorDeltas(rows.slice(3))]);
  assert.deepEqual(merged.map((x) => [x.projectId, x.fingerprint, x.n]), d.map((x) => [x.projectId, x.fingerprint, x.n]));
  assert.deepEqual(merged[0]!.tags, a.tags);
});

test('reopens: regression, next release, ignore by time and by count', () => {
  const g = { status: 'unresolved', resolvedRelease: null, ignoreUntil: null, ignoreCount: null, ignoreBase: null, count: 10 };
  const d = { n: 2, versions: ['1.0'] };
  assert.equal(reopens(g, d, T), null);
  assert.equal(reopens({ ...g, status: 'resolved' }, d, T), 'regressed');
  assert.equal(reopens({ ...g, status: 'resolved_next_release', resolvedRelease: '1.0' }, d, T), null);
  assert.equal(reopens({ ...g, status: 'resolved_next_release', resolvedRelease: '1.0' }, { n: 1, versions: ['1.0', null] }, T), 'regressed');
  assert.equal(reopens({ ...g, status: 'ignored' }, d, T), null);
  assert.equal(reopens({ ...g, status: 'ignored', ignoreUntil: T }, d, T), 'reopened');
  assert.equal(reopens({ ...g, status: 'ignored', ignoreUntil: T + 1 }, d, T), null);
  assert.equal(reopens({ ...g, status: 'ignored', ignoreCount: 3, ignoreBase: 9 }, d, T), 'reopened');
  assert.equal(reopens({ ...g, status: 'ignored', ignoreCount: 4, ignoreBase: 9 }, d, T), null);
});
