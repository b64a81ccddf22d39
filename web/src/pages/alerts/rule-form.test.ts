import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../../api/alerts';
import { FormProblem, emptyRuleForm, ruleFormOf, ruleInputOf, withKind, type RuleForm } from './rule-form';

const form = (patch: Partial<RuleForm>): RuleForm => ({ ...emptyRuleForm(), name: 'Errors', ...patch });

test('a query rule: minutes become seconds, group by is kept, channels pass through', () => {
  const input = ruleInputOf(form({ window: '5', interval: '2', forDuration: '1.5', reminder: '0', groupBy: 'service', channelIds: ['7'] }), 3);
  assert.deepEqual(input, {
    project_id: 3,
    name: 'Errors',
    severity: 'warning',
    interval_s: 120,
    for_s: 90,
    reminder_s: 0,
    channel_ids: ['7'],
    condition: { kind: 'query', query: 'level:error', window_s: 300, op: '>', threshold: 100, group_by: 'service' },
  });
});

test('every kind survives the round trip form → input → rule → form → input', () => {
  const cases: Array<Partial<RuleForm>> = [
    { kind: 'query', query: 'service:api level:error', op: '>=', threshold: '5', groupBy: 'context.user.id' },
    { kind: 'error_group', event: 'new', service: 'api' },
    { kind: 'error_group', event: 'frequency', threshold: '20', window: '10' },
    { kind: 'error_rate', service: 'api', route: '/orders', threshold: '5', window: '15' },
    { kind: 'error_rate', mode: 'baseline', sigma: '3', window: '15' },
    { kind: 'latency', percentile: '99', threshold: '800', window: '5' },
    { kind: 'latency', mode: 'baseline', sigma: '2.5', service: 'api', window: '5' },
    { kind: 'silence', service: 'worker', window: '30' },
    { kind: 'anomaly', window: '60' },
    { kind: 'anomaly', service: 'checkout', metric: 'error_rate', window: '15' },
  ];
  for (const patch of cases) {
    const input = ruleInputOf(form(patch), 1);
    const rule: Rule = { ...input, id: '1', enabled: true, created_at: '', updated_at: '', muted_until: null, state: 'ok', state_since: '', last_evaluated_at: null, last_value: null, groups: [] };
    assert.deepEqual(ruleInputOf(ruleFormOf(rule), 1), input, JSON.stringify(patch));
  }
});

test('the kinds carry only their own fields', () => {
  assert.deepEqual(ruleInputOf(form({ kind: 'error_group', event: 'regression', service: '' }), 1).condition, { kind: 'error_group', event: 'regression' });
  assert.deepEqual(ruleInputOf(form({ kind: 'latency', mode: 'baseline', sigma: '3', threshold: '100' }), 1).condition, {
    kind: 'latency',
    window_s: 300,
    percentile: 95,
    baseline_sigma: 3,
  });
  assert.deepEqual(ruleInputOf(form({ kind: 'silence', window: '15' }), 1).condition, { kind: 'silence', window_s: 900 });
});

test('bad input names the field to fix', () => {
  const problem = (patch: Partial<RuleForm>, forPreview = false) => {
    try {
      ruleInputOf(form(patch), 1, forPreview);
    } catch (error) {
      assert.ok(error instanceof FormProblem);
      return [error.field, error.message];
    }
    return null;
  };
  assert.deepEqual(problem({ name: ' ' }), ['name', 'Give the rule a name.']);
  assert.equal(problem({ name: '' }, true), null, 'a preview needs no name');
  assert.deepEqual(problem({ threshold: 'ten' }), ['threshold', 'The threshold must be a number.']);
  assert.deepEqual(problem({ window: '0' }), ['window', 'The window must be between 1 and 1440.']);
  assert.deepEqual(problem({ window: '2.5' }), ['window', 'The window is a whole number of minutes.']);
  assert.deepEqual(problem({ interval: '0.5' }), ['interval', 'The interval must be between 1 and 1440.']);
  assert.deepEqual(problem({ query: '  ' })?.[0], 'query');
  assert.deepEqual(problem({ groupBy: 'host; drop' })?.[0], 'groupBy');
  assert.deepEqual(problem({ kind: 'error_rate', threshold: '150' })?.[0], 'threshold');
});

test('the anomaly kind: service, metric and window; an hour unless changed; at least 5 minutes', () => {
  assert.deepEqual(ruleInputOf(form({ kind: 'anomaly', window: '60' }), 1).condition, { kind: 'anomaly', window_s: 3600 });
  assert.deepEqual(ruleInputOf(form({ kind: 'anomaly', service: 'checkout', metric: 'volume', window: '30', threshold: '5', route: '/x' }), 1).condition, {
    kind: 'anomaly',
    service: 'checkout',
    metric: 'volume',
    window_s: 1800,
  });
  assert.equal(withKind(emptyRuleForm(), 'anomaly').window, '60', 'the untouched 5-minute default becomes an hour');
  assert.equal(withKind({ ...emptyRuleForm(), window: '20' }, 'anomaly').window, '20', 'a typed window is kept');
  assert.equal(withKind(emptyRuleForm(), 'silence').window, '5');
  try {
    ruleInputOf(form({ kind: 'anomaly', window: '2' }), 1);
    assert.fail('a 2-minute anomaly window was accepted');
  } catch (error) {
    assert.ok(error instanceof FormProblem);
    assert.deepEqual([error.field, error.message], ['window', 'The window must be between 5 and 1440.']);
  }
});
