import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareServices, compareSeverity, sortBySeverity, type ProjectVitals, type RankedProject, type RankedService } from './severity';

const vitals = (v: Partial<ProjectVitals>): ProjectVitals => ({ hourTotal: 100, hourErrors: 0, dayTotal: 1000, statuses: ['healthy'], ...v });
const project = (name: string, v?: Partial<ProjectVitals>, active = true): RankedProject => ({ name, active, vitals: v && vitals(v) });
const order = (list: RankedProject[]) => sortBySeverity(list).map((p) => p.name);

test('errors first, not the alphabet: a quiet "alpha" goes after an erroring "zulu"', () => {
  assert.deepEqual(order([project('alpha', {}), project('zulu', { hourErrors: 5 })]), ['zulu', 'alpha']);
});

test('rising errors outrank a higher but steady error rate', () => {
  const steady = project('steady', { hourErrors: 50 });
  const rising = project('rising', { hourErrors: 4, statuses: ['healthy', 'errors-rising'] });
  assert.deepEqual(order([steady, rising]), ['rising', 'steady']);
});

test('the error rate decides before the error count, the count before silence', () => {
  const small = project('small', { hourTotal: 10, hourErrors: 5 }); // 50 %
  const big = project('big', { hourTotal: 1000, hourErrors: 50 }); // 5 %
  const big2 = project('big2', { hourTotal: 2000, hourErrors: 100 }); // 5 %, more errors
  const silent = project('silent', { statuses: ['silent', 'silent'] });
  assert.deepEqual(order([silent, big, small, big2]), ['small', 'big2', 'big', 'silent']);
});

test('silent services, then volume, then the name', () => {
  const list = [
    project('b-quiet', { dayTotal: 10 }),
    project('a-quiet', { dayTotal: 10 }),
    project('busy', { dayTotal: 50_000 }),
    project('one-silent', { statuses: ['healthy', 'silent'] }),
    project('two-silent', { statuses: ['silent', 'silent'] }),
  ];
  assert.deepEqual(order(list), ['two-silent', 'one-silent', 'busy', 'a-quiet', 'b-quiet']);
});

test('inactive projects last, projects still loading after those with data', () => {
  const list = [project('off', { hourErrors: 90 }, false), project('loading'), project('ok', {})];
  assert.deepEqual(order(list), ['ok', 'loading', 'off']);
  assert.equal(compareSeverity(project('x', {}), project('x', {})), 0);
});

test('no hour of logs is a rate of zero, not NaN that would scramble the order', () => {
  const list = [project('empty', { hourTotal: 0, hourErrors: 0 }), project('err', { hourErrors: 1 }), project('calm', { dayTotal: 1 })];
  assert.deepEqual(order(list), ['err', 'empty', 'calm']);
});

test('a latency regression ranks after rising errors and before a higher steady error rate and silence', () => {
  const rising = project('rising', { hourErrors: 4, statuses: ['errors-rising'] });
  const slow = project('slow', { statuses: ['healthy', 'latency-regression'] });
  const steady = project('steady', { hourErrors: 50 });
  const silent = project('silent', { statuses: ['silent', 'silent'] });
  const calm = project('a-calm', {});
  assert.deepEqual(order([calm, silent, steady, slow, rising]), ['rising', 'slow', 'steady', 'silent', 'a-calm']);
  const twoSlow = project('two-slow', { statuses: ['latency-regression', 'latency-regression'] });
  assert.deepEqual(order([slow, twoSlow]), ['two-slow', 'slow']);
});

test('services inside a card are ranked by severity too, not alphabetically nor by volume alone', () => {
  const service = (name: string, status: RankedService['status'], errors24h = 0, logs24h = 100): RankedService => ({ service: name, status, errors24h, logs24h });
  const list = [
    service('a-busy', 'healthy', 0, 90_000),
    service('b-silent', 'silent'),
    service('c-slow', 'latency-regression'),
    service('d-rising', 'errors-rising', 30),
    service('e-errors', 'healthy', 12),
  ];
  assert.deepEqual([...list].sort(compareServices).map((s) => s.service), ['d-rising', 'c-slow', 'b-silent', 'e-errors', 'a-busy']);
});
