import assert from 'node:assert/strict';
import { test } from 'node:test';
import snappy from 'snappyjs';
import { AppError } from '../../errors.js';
import { pushRequestType, streamsFromProtobuf } from './protobuf.js';

function push(body: object): Buffer {
  const type = pushRequestType();
  return Buffer.from(snappy.compress(type.encode(type.fromObject(body)).finish()));
}

test('a PushRequest decodes to streams with nanosecond times and structured metadata', () => {
  const body = push({ streams: [{ labels: '{app="a"}', entries: [
    { timestamp: { seconds: 1796181100, nanos: 123456789 }, line: 'hello', structuredMetadata: [{ name: 'trace_id', value: 't1' }] },
    { timestamp: { seconds: 1796181101 }, line: '' },
  ] }] });
  const [stream] = streamsFromProtobuf(body, 1 << 20, 10_000);
  assert.deepEqual(stream!.labels, { app: 'a' });
  assert.deepEqual(stream!.lines, [
    { ts: '1796181100123456789', line: 'hello', metadata: { trace_id: 't1' } },
    { ts: '1796181101000000000', line: '', metadata: {} },
  ]);
});

test('bad labels refuse that stream\'s lines only', () => {
  const body = push({ streams: [{ labels: 'nope', entries: [{ line: 'a' }, { line: 'b' }] }, { labels: '{app="ok"}', entries: [{ line: 'c' }] }] });
  const streams = streamsFromProtobuf(body, 1 << 20, 10_000);
  assert.equal(streams[0]!.lines.length, 2);
  assert.ok(streams[0]!.lines.every((l) => 'refused' in l));
  assert.equal((streams[1]!.lines[0] as { line: string }).line, 'c');
});

test('the Snappy header\'s length is checked against the limit before decompressing', () => {
  const body = push({ streams: [{ labels: '{app="a"}', entries: [{ line: 'x'.repeat(5000) }] }] });
  assert.throws(() => streamsFromProtobuf(body, 1000, 10_000), (err: unknown) => err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE');
});

test('a body that is not Snappy, or not a PushRequest, is a 400 with a reason', () => {
  assert.throws(() => streamsFromProtobuf(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]), 1 << 20, 10_000), (err: unknown) => err instanceof AppError && err.code === 'BAD_REQUEST');
  const notProto = Buffer.from(snappy.compress(Buffer.from([0x0a, 0xff, 0x01])));
  assert.throws(() => streamsFromProtobuf(notProto, 1 << 20, 10_000), /PushRequest/);
});
