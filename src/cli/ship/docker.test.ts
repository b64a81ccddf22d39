import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerDecoder } from './docker.js';
import type { RawLine } from './line-splitter.js';

function decode(logs: string[], maxBytes = 1000): RawLine[] {
  const d = new DockerDecoder(0, maxBytes);
  const out: RawLine[] = [];
  let end = 0;
  for (const log of logs) {
    const text = JSON.stringify({ log, stream: 'stdout', time: '2026-01-01T00:00:00Z' });
    d.push({ text, end: (end += text.length + 1) }, out);
  }
  return out;
}

test('pieces the daemon split are joined; the offset is past the piece that ends the line', () => {
  const out = decode(['a', 'b', 'c\n', 'd\n']);
  assert.deepEqual(out.map((l) => l.text), ['abc', 'd']);
  assert.equal(out[0]!.time, '2026-01-01T00:00:00Z');
  assert.equal(out[0]!.split, undefined);
});

test('a split line longer than the limit is sent in marked pieces', () => {
  const out = decode(['x'.repeat(6), 'y'.repeat(6), 'z'.repeat(6), 'end\n'], 10);
  assert.deepEqual(out.map((l) => l.text), ['x'.repeat(6), 'y'.repeat(6), `${'z'.repeat(6)}end`]);
  assert.deepEqual(out.map((l) => l.split?.part), [1, 2, 3]);
  assert.equal(out.at(-1)!.split!.last, true);
  assert.ok(out.every((l, i) => i === 0 || l.end > out[i - 1]!.end), 'offsets grow');
});
