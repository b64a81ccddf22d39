import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSections } from './prompt.js';
import { checkQuery, extractQuery } from './nl-query.js';
import { EvidenceBuilder } from './evidence.js';
import { Scrubber } from './scrub.js';

test('answers in the asked format are split into summary, likely causes and next steps', () => {
  const s = parseSections('Summary: the database timed out [E1].\nLikely causes:\n- pool exhausted [E2]\n- slow query\nNext steps:\n1. check the pool size [E2]');
  assert.deepEqual(s, { summary: 'the database timed out [E1].', likelyCauses: ['pool exhausted [E2]', 'slow query'], nextSteps: ['check the pool size [E2]'] });
  assert.deepEqual(parseSections('**Summary:** x\n**Next steps:**\n* y')?.nextSteps, ['y']);
  assert.equal(parseSections('The logs show errors.'), null, 'free text stays text only');
});

test('NL->query: the query is cut from the answer and parse-checked', () => {
  assert.equal(extractQuery('Query: service:api level:>=error\nThis finds...'), 'service:api level:>=error');
  assert.equal(extractQuery('```\n`level:error timeout`\n```'), 'level:error timeout');
  assert.deepEqual(checkQuery('Query: level:>=warn service:api'), { query: 'level:>=warn service:api', valid: true, error: null });
  const bad = checkQuery('Query: status:(500');
  assert.equal(bad.valid, false);
  assert.ok(bad.error && bad.error.length > 0);
  assert.deepEqual(checkQuery('   '), { query: null, valid: false, error: 'The model gave no query.' });
});

test('evidence is numbered, scrubbed and stops at the character budget', () => {
  const scrubber = new Scrubber();
  const b = new EvidenceBuilder(scrubber, 200);
  assert.ok(b.add({ type: 'log', count: null, id: '1', url: '/explore/log/1' }, 'login failed password=hunter2'));
  assert.ok(b.add({ type: 'count', count: 5, id: null, url: '/explore' }, 'logs in range: 5'));
  let added = 2;
  while (b.add({ type: 'log', count: null, id: 'x', url: '/' }, 'x'.repeat(60))) added++;
  assert.ok(b.text().length <= 200);
  assert.deepEqual(b.items.map((i) => i.ref), Array.from({ length: added }, (_, i) => `E${i + 1}`));
  assert.match(b.text(), /^\[E1\] log: login failed password=\[REDACTED_SECRET\]\n\[E2\] count \(count 5\): logs in range: 5/);
  assert.ok(!b.text().includes('hunter2'));
  assert.equal(scrubber.replaced, 1);
});
