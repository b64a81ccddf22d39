import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MultilineJoiner, type Multiline, type Record } from './multiline.js';

function join(lang: Multiline, text: string): string[] {
  const j = new MultilineJoiner(lang);
  const out: Record[] = [];
  let end = 0;
  for (const line of text.split('\n')) j.push({ text: line, end: (end += line.length + 1) }, out);
  j.flush(out);
  return out.map((r) => r.text);
}

test('python: logged exception with its traceback, chained exceptions included', () => {
  const tb = ['ERROR failed', 'Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'KeyError: 1', '', 'During handling of the above exception, another exception occurred:', '', 'Traceback (most recent call last):', '  File "a.py", line 3', 'ValueError: x'];
  assert.deepEqual(join('python', [...tb, 'INFO next'].join('\n')), [tb.join('\n'), 'INFO next']);
});

test('java: frames, Caused by and "... n more"', () => {
  const trace = ['ERROR boom', 'java.lang.IllegalStateException: x', '\tat a.B.c(B.java:1)', 'Caused by: java.io.IOException: y', '\t... 2 more'];
  assert.deepEqual(join('java', [...trace, 'INFO ok'].join('\n')), [trace.join('\n'), 'INFO ok']);
});

test('go: a panic with its goroutine dump', () => {
  const panic = ['panic: runtime error', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d', 'exit status 2'];
  assert.deepEqual(join('go', panic.join('\n')), [panic.slice(0, 5).join('\n'), 'exit status 2']);
});

test('node and ruby frames; JSON lines are never joined; none keeps every line', () => {
  assert.deepEqual(join('auto', 'Error: x\n    at f (a.js:1:1)\n{"msg":"a"}\n  {"msg":"b"}'), ['Error: x\n    at f (a.js:1:1)', '{"msg":"a"}', '  {"msg":"b"}']);
  assert.deepEqual(join('ruby', "a.rb:1:in `x': boom (RuntimeError)\n\tfrom a.rb:2:in `<main>'"), ["a.rb:1:in `x': boom (RuntimeError)\n\tfrom a.rb:2:in `<main>'"]);
  assert.deepEqual(join('none', 'a\n  b'), ['a', '  b']);
});
