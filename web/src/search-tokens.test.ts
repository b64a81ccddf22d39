import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './search-tokens';

const kinds = (q: string) => tokenize(q).filter((t) => t.kind !== 'space').map((t) => [t.kind, q.slice(t.start, t.end)]);

test('tokens cover the input exactly, in order', () => {
  const q = '(level:error OR -service:"my api") ctx.ms:>=100 "unclosed';
  const tokens = tokenize(q);
  assert.equal(tokens[0].start, 0);
  for (let i = 1; i < tokens.length; i++) assert.equal(tokens[i].start, tokens[i - 1].end);
  assert.equal(tokens.at(-1)!.end, q.length);
});

test('fields, comparisons, ranges, operators and phrases are told apart', () => {
  assert.deepEqual(kinds('level:error OR -service:"my api"'), [
    ['field', 'level:'], ['word', 'error'], ['operator', 'OR'], ['operator', '-'], ['field', 'service:'], ['phrase', '"my api"'],
  ]);
  assert.deepEqual(kinds('ctx.duration_ms:>=1000 ctx.status:[200 TO 299] NOT time*'), [
    ['field', 'ctx.duration_ms:'], ['comparison', '>='], ['word', '1000'], ['field', 'ctx.status:'], ['range', '[200 TO 299]'],
    ['operator', 'NOT'], ['word', 'time*'],
  ]);
  assert.deepEqual(kinds('-5 or'), [['word', '-5'], ['word', 'or']]);
});

test('an unbalanced quote or bracket is an error token to the end', () => {
  assert.deepEqual(kinds('a "b c'), [['word', 'a'], ['error', '"b c']]);
  assert.deepEqual(kinds('x:[1 TO'), [['field', 'x:'], ['error', '[1 TO']]);
  assert.deepEqual(kinds('"a \\" b"'), [['phrase', '"a \\" b"']]);
});
