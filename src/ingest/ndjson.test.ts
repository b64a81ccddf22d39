import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNdjson, UnreadableLine } from './ndjson.js';

test('one value per line; CRLF and a final newline accepted; bad and empty lines kept at their index', () => {
  const out = parseNdjson('{"a":1}\r\n{oops\n\n[2]\n"s"\n\n\n');
  assert.equal(out.length, 5, 'trailing empty lines dropped');
  assert.deepEqual(out[0], { a: 1 });
  assert.ok(out[1] instanceof UnreadableLine);
  assert.match((out[1] as UnreadableLine).reason, /^line 2 is not JSON/);
  assert.deepEqual(out[2], new UnreadableLine('line 3 is empty'));
  assert.deepEqual(out[3], [2]);
  assert.equal(out[4], 's');
  assert.deepEqual(parseNdjson(''), []);
  assert.deepEqual(parseNdjson('{"b":2}'), [{ b: 2 }], 'no final newline');
});
