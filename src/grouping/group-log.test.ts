import assert from 'node:assert/strict';
import { test } from 'node:test';
import { algorithmV1 } from './algorithm-v1.js';
import { GROUPING_VERSION, createGrouper, groupLog, type GroupingAlgorithm, type GroupingInput } from './index.js';

const log = (message: string, context: Record<string, unknown> = {}, level: GroupingInput['level'] = 'ERROR'): GroupingInput =>
  ({ level, service: 'api', message, context });
const nodeError = (line: number, root = '/srv/app') => ({ error: { type: 'TypeError', message: `Cannot read properties of undefined (reading 'id')`,
  stack: `TypeError: x\n    at charge (${root}/src/pay.js:${line}:9)\n    at handle (${root}/src/routes.js:${line + 10}:3)\n    at next (${root}/node_modules/express/lib/router/route.js:144:13)` } });

test('only WARN, ERROR and FATAL are grouped', () => {
  for (const level of ['TRACE', 'DEBUG', 'INFO'] as const) assert.equal(groupLog(log('boom', {}, level)), null);
  for (const level of ['WARN', 'ERROR', 'FATAL'] as const) assert.match(groupLog(log('boom', {}, level))!.fingerprint, /^[0-9a-f]{32}$/);
  assert.equal(GROUPING_VERSION, 1);
  const noContext = { ...log('boom'), context: null } as unknown as GroupingInput;
  assert.equal(groupLog(noContext)!.fingerprint, groupLog(log('boom'))!.fingerprint);
});

test('plain messages: one group per template, whatever the service; title is the template, culprit the service', () => {
  const a = groupLog(log('Payment for order 7 failed'))!;
  const b = groupLog({ ...log('Payment for order 99812 failed'), service: 'worker' })!;
  assert.equal(a.fingerprint, b.fingerprint);
  assert.deepEqual({ title: a.title, culprit: a.culprit, type: a.type, legacy: a.legacy }, { title: 'Payment for order <num> failed', culprit: 'api', type: null, legacy: [] });
  assert.notEqual(a.fingerprint, groupLog(log('Refund for order 7 failed'))!.fingerprint);
});

test('with a stack: type and in-app frames; line numbers, deploy paths and the message do not matter', () => {
  const a = groupLog(log('charge failed', nodeError(12)))!;
  const b = groupLog(log('something else entirely', nodeError(40, '/home/deploy/releases/20240102/app')))!;
  assert.equal(a.fingerprint, b.fingerprint);
  assert.equal(a.title, 'TypeError: Cannot read properties of undefined (reading <str>)');
  assert.equal(a.culprit, 'src/pay.js in charge');
  assert.equal(a.type, 'TypeError');
  const otherSite = nodeError(12);
  otherSite.error.stack = otherSite.error.stack.replace('at charge', 'at refund');
  assert.notEqual(groupLog(log('charge failed', otherSite))!.fingerprint, a.fingerprint);
  const otherType = { error: { ...nodeError(12).error, type: 'RangeError' } };
  assert.notEqual(groupLog(log('charge failed', otherType))!.fingerprint, a.fingerprint);
});

test('an error without a stack: type, error message template and log message template', () => {
  const e = (id: number, op = 'charge') => log(`${op} ${id} failed`, { error: { type: 'TimeoutError', message: `no answer from 10.0.0.${id % 250} in ${id}ms` } });
  assert.equal(groupLog(e(3))!.fingerprint, groupLog(e(77))!.fingerprint);
  assert.notEqual(groupLog(e(3))!.fingerprint, groupLog(e(3, 'refund'))!.fingerprint);
  assert.equal(groupLog(e(3))!.title, 'TimeoutError: no answer from <ip> in <duration>');
});

test('a traceback pasted into a multi-line message is read as the error', () => {
  const tb = (line: number) => `job failed\nTraceback (most recent call last):\n  File "/app/jobs/run.py", line ${line}, in main\n    go()\nValueError: bad row ${line}`;
  const g = groupLog(log(tb(10)))!;
  assert.equal(g.fingerprint, groupLog(log(tb(99)))!.fingerprint);
  assert.equal(g.title, 'ValueError: bad row <num>');
  assert.equal(g.culprit, 'jobs/run.py in main');
});

test('context.fingerprint overrides; {{ default }} stands for the computed fingerprint', () => {
  const fixed = groupLog(log('a', { fingerprint: ['gateway-down'] }))!;
  assert.equal(fixed.fingerprint, groupLog(log('b entirely different', { fingerprint: ['gateway-down'] }))!.fingerprint);
  assert.equal(fixed.fingerprint, groupLog(log('c', { fingerprint: 'gateway-down' }))!.fingerprint);
  assert.equal(fixed.title, 'a', 'the title stays the message template');
  const acme = groupLog(log('Sync 1 failed', { fingerprint: ['{{ default }}', 'acme'] }))!;
  assert.equal(acme.fingerprint, groupLog(log('Sync 2 failed', { fingerprint: ['{{default}}', 'acme'] }))!.fingerprint);
  assert.notEqual(acme.fingerprint, groupLog(log('Sync 1 failed', { fingerprint: ['{{ default }}', 'globex'] }))!.fingerprint);
  assert.notEqual(acme.fingerprint, groupLog(log('Refund 1 failed', { fingerprint: ['{{ default }}', 'acme'] }))!.fingerprint);
  // unusable values are ignored, not an error
  const plain = groupLog(log('Sync 1 failed'))!.fingerprint;
  for (const bad of [[], '', [{}], 42, null, Array(40).fill('x')]) assert.equal(groupLog(log('Sync 1 failed', { fingerprint: bad }))!.fingerprint, plain, JSON.stringify(bad));
});

/** A test-only version 2 that also keys plain messages by service: the mechanism a real v2 would use. */
const v2: GroupingAlgorithm = {
  version: 2,
  describe: (input) => {
    const d = algorithmV1.describe(input);
    return d.parts[0] === 'message' ? { ...d, parts: [...d.parts, input.service] } : d;
  },
};

test('versioning: a new version gives the old fingerprint as legacy, so groups do not split', () => {
  const groupV1 = createGrouper([algorithmV1]);
  const groupV2 = createGrouper([v2, algorithmV1]);
  const input = log('Payment for order 7 failed');
  const before = groupV1(input)!;
  const after = groupV2(input)!;
  assert.notEqual(after.fingerprint, before.fingerprint, 'the version is part of the hash');
  assert.deepEqual(after.legacy, [before.fingerprint]);
  assert.deepEqual(before.legacy, []);
  // a custom fingerprint without {{ default }} is the same under every version: nothing to carry over
  const custom = log('x', { fingerprint: ['gateway-down'] });
  assert.equal(groupV2(custom)!.fingerprint, groupV1(custom)!.fingerprint);
  assert.deepEqual(groupV2(custom)!.legacy, []);
  // with {{ default }} the legacy one follows the old default
  const split = log('x 1', { fingerprint: ['{{ default }}', 'acme'] });
  assert.deepEqual(groupV2(split)!.legacy, [groupV1(split)!.fingerprint]);
  assert.throws(() => createGrouper([]));
});

test('titles and culprits are bounded to 200 characters', () => {
  const g = groupLog(log('x'.repeat(900), { error: { type: 'E'.repeat(300), message: 'y' } }))!;
  assert.ok(g.title.length <= 200 && g.type!.length <= 200);
  assert.ok(groupLog({ ...log('x'), service: 's'.repeat(300) })!.culprit.length <= 200);
});

test('any message and any JSON context: a grouping, never an exception', async () => {
  const { default: fc } = await import('fast-check');
  const stackish = fc.array(fc.constantFrom('    at f (/a/b.js:1:2)', '  File "/a.py", line 3, in f', '\tat a.B.c(B.java:1)', '#0 /a.php(1): f()',
    "a.rb:1:in 'f'", 'main.f()', '\t/a/b.go:3 +0x1', 'goroutine 1 [running]:', 'Caused by: x.Y: z', 'Traceback (most recent call last):'), { maxLength: 12 })
    .map((lines) => lines.join('\n'));
  const text = fc.oneof(fc.string({ maxLength: 300 }), stackish, fc.string({ unit: 'binary', maxLength: 200 }));
  const context = fc.oneof(
    fc.dictionary(fc.constantFrom('error', 'err', 'exception', 'Exception', 'stack', 'stack_trace', 'stacktrace', 'exc_info', 'fingerprint', 'exception.type', 'exception.stacktrace', 'x'),
      fc.oneof(text, fc.jsonValue(), fc.record({ type: fc.oneof(text, fc.jsonValue()), message: fc.oneof(text, fc.jsonValue()), stack: fc.oneof(text, fc.jsonValue()), backtrace: fc.array(text) }))),
    fc.object());
  fc.assert(fc.property(text, context, (message, ctx) => {
    const g = groupLog({ level: 'ERROR', service: 'svc', message, context: ctx as Record<string, unknown> });
    assert.ok(g);
    assert.match(g.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(g.title.length <= 200 && g.culprit.length > 0 && g.culprit.length <= 200);
  }), { numRuns: 2000 });
});
