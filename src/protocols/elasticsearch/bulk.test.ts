import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../errors.js';
import { parseBulk } from './bulk.js';
import { turnsWhile } from '../../testing/turns.js';

test('index/create carry documents; update and delete are item errors; delete has no document line', async () => {
  const body = [
    '{"index":{"_index":"a","_id":"1"}}', '{"message":"one"}',
    '{"delete":{"_index":"a","_id":"1"}}',
    '{"create":{}}', '{"message":"two"}',
    '{"update":{"_id":"2"}}', '{"doc":{}}',
    '', '{"index":{"_index":"b"}}', '', '{"message":"after blank lines"}',
  ].join('\n');
  const items = await parseBulk(body, 'url-index');
  assert.deepEqual(items.map((i) => [i.op, i.index, i.doc?.message ?? i.error?.type]), [
    ['index', 'a', 'one'],
    ['delete', 'a', 'illegal_argument_exception'],
    ['create', 'url-index', 'two'],
    ['update', 'url-index', 'illegal_argument_exception'],
    ['index', 'b', 'after blank lines'],
  ]);
  assert.equal(items[0]!.id, '1');
  assert.equal(items[0]!.clientId, true);
  assert.equal(items[2]!.clientId, false);
  assert.match(items[2]!.id, /^[A-Za-z0-9_-]{20}$/);
});

test('a document that is not a JSON object is an item error; a missing last document too', async () => {
  const items = await parseBulk('{"index":{}}\n[1,2]\n{"index":{}}\n{bad\n{"index":{}}\n', 'x');
  assert.deepEqual(items.map((i) => i.error?.type), ['document_parsing_exception', 'document_parsing_exception', 'action_request_validation_exception']);
});

test('a line that is not an action refuses the whole body with its line number', async () => {
  for (const body of ['{"message":"no action"}\n', 'garbage\n', '{"index":{},"create":{}}\n{}\n', '{"index":"a"}\n{}\n']) {
    await assert.rejects(parseBulk(body, null), (err: unknown) => err instanceof AppError && err.code === 'BAD_REQUEST' && /Line 1/.test(err.detail), body);
  }
});

test('metadata the subset does not use (_type from Fluent Bit without Suppress_Type_Name, routing, pipeline) is ignored', async () => {
  const [item] = await parseBulk('{"create":{"_index":"fluent-bit","_type":"_doc","routing":null,"pipeline":"p"}}\n{"log":"x"}\n', null);
  assert.deepEqual([item!.op, item!.index, item!.doc], ['create', 'fluent-bit', { log: 'x' }]);
});

test('a body over 1 MiB is read with turns of the event loop between runs of lines, to the same items', async () => {
  const pairs = Array.from({ length: 5_000 }, (_, i) => `{"index":{"_id":"${i}"}}\n${JSON.stringify({ message: `m${i} ${'x'.repeat(400)}` })}`);
  const body = `${pairs.join('\n')}\n`;
  assert.ok(body.length > 2 << 20);
  const { value: items, turns } = await turnsWhile(() => parseBulk(body, 'app'));
  assert.ok(turns >= 5, `${turns} turns`); // ~2.2 MiB in runs of 256 KiB: about 8
  assert.equal(items.length, 5_000);
  assert.deepEqual(items.map((i) => i.id), pairs.map((_, i) => String(i)));
  assert.equal(items[4_999]!.doc!.message, `m4999 ${'x'.repeat(400)}`);
});
