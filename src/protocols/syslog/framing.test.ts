import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamFramer, type Frame } from './framing.js';

const texts = (frames: Frame[]) => frames.map((f) => f.bytes.toString());

function octet(msg: string): string {
  return `${Buffer.byteLength(msg)} ${msg}`;
}

test('octet counting: several messages in one chunk, one message over many chunks, byte by byte', () => {
  const a = '<13>1 - h app - - - first';
  const b = '<13>1 - h app - - - second\nwith a newline inside';
  const stream = octet(a) + octet(b) + octet('<14>ünïcode');
  assert.deepEqual(texts(new StreamFramer(1024).push(Buffer.from(stream))), [a, b, '<14>ünïcode']);
  const framer = new StreamFramer(1024);
  const out: Frame[] = [];
  for (const byte of Buffer.from(stream)) out.push(...framer.push(Buffer.from([byte])));
  assert.deepEqual(texts(out), [a, b, '<14>ünïcode']);
});

test('newline framing: LF, CRLF and NUL ends; blank lines skipped; the unterminated tail at end()', () => {
  const framer = new StreamFramer(1024);
  assert.deepEqual(texts(framer.push(Buffer.from('<13>one\n<13>two\r\n\n<13>three\0<13>fo'))), ['<13>one', '<13>two', '<13>three']);
  assert.deepEqual(texts(framer.push(Buffer.from('ur\n<13>fi'))), ['<13>four']);
  assert.deepEqual(texts(framer.end()), ['<13>fi']);
});

test('methods mixed per message, and digits that are not a length', () => {
  const framer = new StreamFramer(1024);
  const out = texts(framer.push(Buffer.from(`${octet('<13>counted')}\n<13>lined\n12 apples\n${octet('<13>again')}`)));
  assert.deepEqual(out, ['<13>counted', '<13>lined', '12 apples', '<13>again']);
  assert.deepEqual(texts(framer.push(Buffer.from('12\n'))), ['12']);
});

test('an oversized octet-counted message is cut and the next one is intact', () => {
  const framer = new StreamFramer(16);
  const big = `<13>${'x'.repeat(100)}`;
  const frames = [...framer.push(Buffer.from(octet(big).slice(0, 50))), ...framer.push(Buffer.from(octet(big).slice(50) + octet('<13>next')))];
  assert.deepEqual(frames.map((f) => [f.bytes.toString(), f.truncated]), [[big.slice(0, 16), true], ['<13>next', false]]);
});

test('an oversized line is cut, the rest of it skipped, whether its end comes in the same chunk or later', () => {
  const framer = new StreamFramer(16);
  const long = `<13>${'y'.repeat(40)}`;
  assert.deepEqual(texts(framer.push(Buffer.from(`${long}\n<13>short\n`))), [long.slice(0, 16), '<13>short']);
  const frames = [...framer.push(Buffer.from(long)), ...framer.push(Buffer.from('zzzz\n<13>after\n'))];
  assert.deepEqual(frames.map((f) => [f.bytes.toString(), f.truncated]), [[long.slice(0, 16), true], ['<13>after', false]]);
  assert.equal(framer.pending, 0);
});
