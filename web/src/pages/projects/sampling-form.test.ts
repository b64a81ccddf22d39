import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldProblem } from './plan-form';
import { describeSampling, sameSampling, samplingFormOf, samplingRatesOf } from './sampling-form';

test('percentages per level become keep rates; empty and 100 keep everything', () => {
  assert.deepEqual(samplingRatesOf({ TRACE: '', DEBUG: '10', INFO: '10 %' }), { DEBUG: 0.1, INFO: 0.1 });
  assert.deepEqual(samplingRatesOf({ TRACE: '100', DEBUG: '', INFO: '0' }), { INFO: 0 });
  assert.equal(samplingRatesOf({ TRACE: '', DEBUG: '100', INFO: '' }), null, 'nothing sampled: sampling off');
  assert.deepEqual(samplingRatesOf({ TRACE: '', DEBUG: '', INFO: '12.5' }), { INFO: 0.125 });
});

test('a percentage out of 0-100 or not a number is refused on the sampling field', () => {
  for (const bad of ['150', '-1', 'half']) {
    assert.throws(
      () => samplingRatesOf({ TRACE: '', DEBUG: '', INFO: bad }),
      (err: unknown) => err instanceof FieldProblem && err.field === 'sampling' && /INFO/.test(err.message),
    );
  }
});

test('rates from the API show as percentages without float noise', () => {
  assert.deepEqual(samplingFormOf({ INFO: 0.1, DEBUG: 0.07 }), { TRACE: '', DEBUG: '7', INFO: '10' });
  assert.deepEqual(samplingFormOf(null), { TRACE: '', DEBUG: '', INFO: '' });
});

test('one sentence says what the sampling does', () => {
  assert.equal(describeSampling({ DEBUG: 0.1, INFO: 0.1 }), 'Keeps 10 % of DEBUG and INFO; counts are estimated.');
  assert.equal(describeSampling({ INFO: 0.5, TRACE: 0, DEBUG: 0.1 }), 'Keeps 0 % of TRACE, 10 % of DEBUG and 50 % of INFO; counts are estimated.');
  assert.equal(describeSampling(null), 'Keeps every log: no sampling.');
  assert.equal(describeSampling({ INFO: 1 }), 'Keeps every log: no sampling.');
});

test('the same rates in another key order are the same sampling', () => {
  assert.ok(sameSampling({ DEBUG: 0.1, INFO: 0.1 }, { INFO: 0.1, DEBUG: 0.1 }));
  assert.ok(sameSampling(null, {}));
  assert.ok(!sameSampling({ INFO: 0.1 }, { INFO: 0.2 }));
});
