import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorGroup } from '../../api/errors';
import { mergePlan } from './merge-plan';

const group = (id: string, count: number, project_id = 1, first_seen = '2024-05-01T00:00:00.000Z') =>
  ({ id, count, project_id, first_seen, project: `p${project_id}`, title: `group ${id}` }) as ErrorGroup;

test('the group with the most events is the target, the others its sources', () => {
  const plan = mergePlan([group('a', 3), group('b', 40), group('c', 7)]);
  assert.ok(plan.ok);
  assert.equal(plan.target.id, 'b');
  assert.deepEqual(plan.sources.map((g) => g.id), ['a', 'c']);
});

test('equal counts: the oldest group is the target', () => {
  const plan = mergePlan([group('a', 5, 1, '2024-05-02T00:00:00.000Z'), group('b', 5, 1, '2024-05-01T00:00:00.000Z')]);
  assert.ok(plan.ok);
  assert.equal(plan.target.id, 'b');
});

test('one group, groups of two projects, or too many cannot be merged, and say why', () => {
  const one = mergePlan([group('a', 1)]);
  assert.ok(!one.ok);
  assert.match(one.reason, /two or more/);
  const mixed = mergePlan([group('a', 1, 1), group('b', 2, 2)]);
  assert.ok(!mixed.ok);
  assert.match(mixed.reason, /one project/);
  const many = mergePlan(Array.from({ length: 102 }, (_, i) => group(String(i), i)));
  assert.ok(!many.ok);
  assert.match(many.reason, /at most 101/);
});
