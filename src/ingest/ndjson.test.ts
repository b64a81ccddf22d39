import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNdjson, UnreadableLine } from './ndjson.js';
import { turnsWhile } from '../testing/turns.js';

test('one value per line; CRLF and a final newline accepted; bad and empty lines kept at their index', async () => {
  const out = await parseNdjson('{"a":1}\r\n{oops\n\n[2]\n"s"\n\n\n');
  assert.equal(out.length, 5, 'trailing empty lines dropped');
  assert.deepEqual(out[0], { a: 1 });
  assert.ok(out[1] instanceof UnreadableLine);
  assert.match((out[1] as UnreadableLine).reason, /^line 2 is not JSON/);
  assert.deepEqual(out[2], new UnreadableLine('line 3 is empty'));
  assert.deepEqual(out[3], [2]);
  assert.equal(out[4], 's');
  assert.deepEqual(await parseNdjson(''), []);
  assert.deepEqual(await parseNdjson('{"b":2}'), [{ b: 2 }], 'no final newline');
  await assert.rejects(parseNdjson('1\n2\n3\n', 2), (err: any) => err.code === 'TOO_MANY_ENTRIES');
});

test('a body over 1 MiB is parsed with turns of the event loop between runs of lines, to the same values', async () => {
  const lines = Array.from({ length: 8_000 }, (_, i) => (i === 4_321 ? '{nope' : JSON.stringify({ level: 'info', message: `m${i} ${'x'.repeat(600)}` })));
  const text = `${lines.join('\n')}\n`;
  assert.ok(text.length > 4 << 20);
  const { value: out, turns } = await turnsWhile(() => parseNdjson(text, 10_000));
  assert.ok(turns >= 10, `${turns} turns`); // ~4.7 MiB in runs of 256 KiB: about 18
  assert.equal(out.length, 8_000);
  assert.ok(out[4_321] instanceof UnreadableLine);
  assert.deepEqual(out[7_999], JSON.parse(lines[7_999]!));
});
