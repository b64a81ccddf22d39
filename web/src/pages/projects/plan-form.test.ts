import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../api/plans';
import { FieldProblem, PLAN_API_FIELDS, fieldOfProblem, formatLimit, formatRate, planFormOf, planInputOf, planPatchOf, planSummary } from './plan-form';

const team: Plan = { id: 4, slug: 'team', name: 'Team', daily_quota: 5000, rate_limit_per_minute: null, default: false };

test('empty limits are null (unlimited / server default); numbers may carry thousands separators', () => {
  assert.deepEqual(planInputOf({ name: ' Team ', slug: 'team', dailyQuota: '5,000', rateLimit: '' }), {
    name: 'Team',
    slug: 'team',
    daily_quota: 5000,
    rate_limit_per_minute: null,
  });
});

test('a limit that is not a number is refused on its field, never sent as null (which would mean unlimited)', () => {
  assert.throws(
    () => planInputOf({ name: 'Team', slug: 'team', dailyQuota: 'lots', rateLimit: '' }),
    (err: unknown) => err instanceof FieldProblem && err.field === 'dailyQuota',
  );
});

test('out-of-range numbers go to the API as typed: the server checks the range', () => {
  assert.equal(planInputOf({ name: 'T', slug: 't', dailyQuota: '0', rateLimit: '-3' }).daily_quota, 0);
  assert.equal(planInputOf({ name: 'T', slug: 't', dailyQuota: '0', rateLimit: '-3' }).rate_limit_per_minute, -3);
});

test('the patch of an edited plan holds only what changed; clearing the quota makes it unlimited', () => {
  assert.deepEqual(planPatchOf(team, planFormOf(team)), {});
  assert.deepEqual(planPatchOf(team, { ...planFormOf(team), dailyQuota: '', rateLimit: '120' }), { daily_quota: null, rate_limit_per_minute: 120 });
});

test('an API problem is put next to the field it names', () => {
  assert.equal(fieldOfProblem('body /daily_quota must be >= 1', PLAN_API_FIELDS), 'dailyQuota');
  assert.equal(fieldOfProblem("body must have required property 'name'", PLAN_API_FIELDS), 'name');
  assert.equal(fieldOfProblem('A plan with the slug "free" already exists.', PLAN_API_FIELDS), 'slug');
  assert.equal(fieldOfProblem('slug must be 1-32 lowercase letters, digits or dashes, not starting or ending with a dash.', PLAN_API_FIELDS), 'slug');
  assert.equal(fieldOfProblem('body /rate_limit_per_minute must be integer,null', PLAN_API_FIELDS), 'rateLimit');
  assert.equal(fieldOfProblem('Only an admin can manage plans.', PLAN_API_FIELDS), null, 'no field: shown for the whole form');
  assert.equal(fieldOfProblem('the username is taken', PLAN_API_FIELDS), null, 'a name inside a word does not count');
});

test('null limits read "unlimited"; plans are summed up in one line', () => {
  assert.equal(formatLimit(null, 'logs'), 'unlimited');
  assert.equal(formatLimit(100000, 'logs'), '100,000 logs');
  assert.equal(formatRate(null), 'server default');
  assert.equal(formatRate(1200), '1,200 / min');
  assert.equal(planSummary(team), 'Team: 5,000 logs/day, server default rate');
  assert.equal(planSummary({ ...team, daily_quota: null, rate_limit_per_minute: 600 }), 'Team: unlimited logs, 600 requests/min');
});
