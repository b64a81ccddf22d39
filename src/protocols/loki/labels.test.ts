import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLabels } from './labels.js';

test('Prometheus label text: spaces, escapes, dotted names, empty set', () => {
  assert.deepEqual(parseLabels('{job="api", level="info"}'), { job: 'api', level: 'info' });
  assert.deepEqual(parseLabels(' {path="C:\\\\logs\\\\app.log",quote="say \\"hi\\"",nl="a\\nb"} '), { path: 'C:\\logs\\app.log', quote: 'say "hi"', nl: 'a\nb' });
  assert.deepEqual(parseLabels('{service.name="x"}'), { 'service.name': 'x' });
  assert.deepEqual(parseLabels('{}'), {});
});

test('a "__proto__" label is data, not a prototype', () => {
  const labels = parseLabels('{__proto__="x", a="1"}');
  assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value, 'x');
});

test('malformed label text throws a reason', () => {
  for (const bad of ['job="api"', '{job=api}', '{job="api"', '{job="api"} x', '{1job="a"}']) {
    assert.throws(() => parseLabels(bad), /labels/, bad);
  }
});
