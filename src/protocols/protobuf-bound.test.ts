import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { encodeRequest, exportRequestType, decodeProtobuf } from './otlp/codec.js';
import { pushRequestType, streamsFromProtobuf } from './loki/protobuf.js';
import snappy from 'snappyjs';
import { hasMoreMessagesThan } from './protobuf-bound.js';

/** Embedded messages of `value` (a plain object of `type`'s shape), counted from the type's reflection. */
function messagesIn(value: Record<string, unknown>, type: protobuf.Type): number {
  let n = 0;
  for (const field of type.fieldsArray) {
    field.resolve();
    const v = value[field.name];
    if (v === undefined || v === null || !(field.resolvedType instanceof protobuf.Type)) continue;
    for (const item of field.repeated ? (v as Array<Record<string, unknown>>) : [v as Record<string, unknown>]) n += 1 + messagesIn(item, field.resolvedType);
  }
  return n;
}

const str = (s: string) => ({ stringValue: s });

test('counts the embedded messages of OTLP requests exactly, nested values included', () => {
  let seed = 7;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const anyValue = (depth: number): Record<string, unknown> => {
    const k = r();
    if (depth > 3 || k < 0.4) return k < 0.2 ? str(`v${k}`) : { intValue: Math.floor(k * 1000) };
    if (k < 0.7) return { arrayValue: { values: Array.from({ length: Math.floor(r() * 4) }, () => anyValue(depth + 1)) } };
    return { kvlistValue: { values: Array.from({ length: Math.floor(r() * 4) }, (_, i) => ({ key: `k${i}`, value: anyValue(depth + 1) })) } };
  };
  for (let i = 0; i < 200; i++) {
    const records = Array.from({ length: Math.floor(r() * 6) }, () => ({
      body: anyValue(0),
      severityNumber: 9,
      attributes: Array.from({ length: Math.floor(r() * 5) }, (_, j) => ({ key: `a${j}`, value: anyValue(1) })),
      ...(r() < 0.5 ? { traceId: Buffer.alloc(16, 1) } : {}),
    }));
    const request = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: str('api') }] }, scopeLogs: [{ scope: { name: 'lib' }, logRecords: records }] }] };
    const body = encodeRequest(request);
    const n = messagesIn(request, exportRequestType());
    for (const max of [n - 1, n]) if (max >= 0 && body.length > 2 * max) assert.equal(hasMoreMessagesThan(body, exportRequestType(), max), n > max, `request ${i}: ${n} messages, max ${max}`);
  }
});

test('a body of millions of empty records is refused before it is decoded, in a fraction of the decode', () => {
  const n = 1_000_000;
  const records = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) records[2 * i] = 0x12; // ScopeLogs.log_records (field 2), length 0
  const varint = (v: number) => { const out: number[] = []; for (; v > 127; v = Math.floor(v / 128)) out.push((v & 127) | 128); out.push(v); return Buffer.from(out); };
  const scope = Buffer.concat([Buffer.from([0x12]), varint(records.length), records]); // ResourceLogs.scope_logs
  const body = Buffer.concat([Buffer.from([0x0a]), varint(scope.length), scope]); // request.resource_logs
  assert.equal(hasMoreMessagesThan(body, exportRequestType(), 640_000), true);
  assert.throws(() => decodeProtobuf(body, 10_000), (err: Error & { code?: string }) => err.code === 'TOO_MANY_VALUES' && /at most 640000 protobuf messages/.test(err.message));
  assert.equal(decodeProtobuf(body, 100_000).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.length, n, 'within a larger bound it decodes');
});

test('not protobuf, or cut short: left to the decoder', () => {
  assert.equal(hasMoreMessagesThan(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3, 4, 5]), exportRequestType(), 1), false);
  const body = encodeRequest({ resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: 20 }, () => ({ body: str('x') })) }] }] });
  assert.equal(hasMoreMessagesThan(body.subarray(0, 30), exportRequestType(), 5), false); // its first message claims more bytes than there are
});

test('Loki pushes: entries and their metadata counted; a push past the bound is 413 before decoding', () => {
  const type = pushRequestType();
  const push = { streams: Array.from({ length: 3 }, (_, s) => ({ labels: `{app="a${s}"}`, entries: Array.from({ length: 400 }, (_, i) => ({ timestamp: { seconds: 1, nanos: i }, line: 'l', structuredMetadata: [{ name: 'k', value: 'v' }] })) })) };
  const raw = type.encode(type.fromObject(push)).finish();
  const n = messagesIn(push, type); // 3 streams × (1 + 400 × (entry + timestamp + metadata))
  assert.equal(n, 3 * (1 + 400 * 3));
  assert.equal(hasMoreMessagesThan(raw, type, n - 1), true);
  assert.equal(hasMoreMessagesThan(raw, type, n), false);
  const body = Buffer.from(snappy.compress(raw));
  assert.equal(streamsFromProtobuf(body, 1 << 20, 1000).length, 3); // 64,000 allowed
  assert.throws(() => streamsFromProtobuf(body, 1 << 20, 50), (err: Error & { code?: string }) => err.code === 'TOO_MANY_VALUES');
});
