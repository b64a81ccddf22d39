import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter, type RawLine } from './line-splitter.js';

test('lines carry the offset just past their newline; a partial line waits', () => {
  const s = new LineSplitter(100, 1000);
  const out: RawLine[] = [];
  s.push(Buffer.from('ab\r\ncd\nef'), out);
  assert.deepEqual(out, [{ text: 'ab', end: 104 }, { text: 'cd', end: 107 }]);
  assert.equal(s.partialBytes, 2);
  s.push(Buffer.from('g\n'), out);
  assert.deepEqual(out[2], { text: 'efg', end: 111 });
});

test('a line longer than the limit comes out in marked pieces, never splitting a UTF-8 character', () => {
  const s = new LineSplitter(0, 5);
  const out: RawLine[] = [];
  s.push(Buffer.from('aaaaébb'), out); // é is 2 bytes: a cut after 5 bytes would split it, so it backs off to 4
  s.push(Buffer.from('b\nnext\n'), out);
  assert.deepEqual(out.map((l) => l.text), ['aaaa', 'ébbb', 'next']);
  assert.deepEqual(out.map((l) => l.split), [{ line_offset: 0, part: 1, last: false }, { line_offset: 0, part: 2, last: true }, undefined]);
  assert.deepEqual(out.map((l) => l.end), [4, 10, 15]);
});

test('flushPartial sends the unterminated rest', () => {
  const s = new LineSplitter(0, 100);
  const out: RawLine[] = [];
  s.push(Buffer.from('x\ny'), out);
  s.flushPartial(out);
  assert.deepEqual(out, [{ text: 'x', end: 2 }, { text: 'y', end: 3 }]);
  assert.equal(s.partialBytes, 0);
});
