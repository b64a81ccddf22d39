import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segments } from './highlight';

const show = (q: string, problem: Parameters<typeof segments>[1] = null) =>
  segments(q, problem).filter((s) => s.kind !== 'space').map((s) => `${s.kind}${s.bad ? '!' : ''}:${q.slice(s.start, s.end)}`);

test('segments cover the query exactly, so the coloured copy lines up with the input', () => {
  const q = '(level:error OR -service:"my api") ctx.ms:>=100 "open';
  const all = segments(q, null);
  assert.equal(all.map((s) => q.slice(s.start, s.end)).join(''), q);
  assert.deepEqual(show('level:error OR -service:"my api"'), ['field:level:', 'word:error', 'operator:OR', 'operator:-', 'field:service:', 'phrase:"my api"']);
});

test('the error range is cut out of its tokens and marked, even mid-token', () => {
  assert.deepEqual(show('a "b c', { message: 'unbalanced quote at 2', position: 2, length: 1 }), ['word:a', 'error!:"', 'error:b c']);
  assert.deepEqual(show('status:>=x', { message: 'a number', position: 9, length: 1 }), ['field:status:', 'comparison:>=', 'word!:x']);
  assert.deepEqual(show('abc', { message: 'no position' }), ['word:abc']);
});
