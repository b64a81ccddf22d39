import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { decodeAnswer, decodeProtobuf, encodeRequest, encodeResponse, encodeStatus } from './codec.js';
import { countRecords, levelOf, toEnvelope, UNKNOWN_SERVICE, type ExportLogsRequestIn } from './map.js';
import { partialSuccessOf, grpcCodeOf } from './answer.js';

const str = (s: string) => ({ stringValue: s });
const kv = (key: string, value: object) => ({ key, value });

function request(records: object[], resource: object[] = [kv('service.name', str('api'))]): Record<string, unknown> {
  return { resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ scope: { name: 'lib' }, logRecords: records }] }] };
}

test('severityNumber ranges map onto our six levels; text when the number is unset; INFO when neither', () => {
  const cases: Array<[number, string]> = [[1, 'TRACE'], [4, 'TRACE'], [5, 'DEBUG'], [9, 'INFO'], [12, 'INFO'], [13, 'WARN'], [16, 'WARN'], [17, 'ERROR'], [20, 'ERROR'], [21, 'FATAL'], [24, 'FATAL']];
  for (const [n, level] of cases) assert.equal(levelOf({ severityNumber: n }).level, level, `severity ${n}`);
  assert.equal(levelOf({ severityNumber: 'SEVERITY_NUMBER_WARN3' }).level, 'WARN', 'enum name (protobuf JSON)');
  assert.equal(levelOf({ severityNumber: 0, severityText: 'critical' }).level, 'FATAL');
  assert.deepEqual(levelOf({ severityText: 'Informative' }), { level: 'INFO', unknownText: 'Informative' });
  assert.deepEqual(levelOf({}), { level: 'INFO', unknownText: null });
});

test('the same request maps identically from protobuf and from OTLP/JSON', () => {
  const records = [
    {
      timeUnixNano: '1796181100123456789',
      severityNumber: 17,
      body: { kvlistValue: { values: [kv('a', { doubleValue: 1.5 }), kv('b', { arrayValue: { values: [{ intValue: 1 }, { boolValue: false }] } })] } },
      attributes: [kv('big', { intValue: '9223372036854775807' }), kv('small', { intValue: '42' }), kv('raw', { bytesValue: 'AQID' })],
      traceId: '0102030405060708090A0B0C0D0E0F10',
      spanId: '0102030405060708',
    },
    { observedTimeUnixNano: '1796181100000000000', body: str('second'), severityText: 'warn', eventName: 'checkout.done' },
  ];
  const resource = [kv('service.name', str('api')), kv('service.version', str('1.0')), kv('deployment.environment', str('prod')), kv('host.name', str('h1')), kv('pod', str('p'))];
  const json = JSON.parse(JSON.stringify(request(records, resource))) as ExportLogsRequestIn;
  // Protobuf carries bytes: build the message with the ids as bytes, base64 for bytesValue as fromObject reads it.
  const proto = decodeProtobuf(encodeRequest(request(records.map((r) => ({ ...r, traceId: r.traceId && Buffer.from(r.traceId, 'hex'), spanId: r.spanId && Buffer.from(r.spanId, 'hex') })), resource)), 10_000);
  const fromJson = toEnvelope(json);
  const fromProto = toEnvelope(proto);
  // Times: protobuf's Long becomes whole ms here; JSON's decimal string goes on as sent (read as nanoseconds).
  assert.deepEqual(fromProto.logs.map((l) => l.timestamp), [1796181100123, 1796181100000]);
  assert.deepEqual({ ...fromProto, logs: fromProto.logs.map((l) => ({ ...l, timestamp: null })) }, { ...fromJson, logs: fromJson.logs.map((l) => ({ ...l, timestamp: null })) });
  const [first, second] = fromJson.logs;
  assert.deepEqual(first, {
    service: 'api', environment: 'prod', version: '1.0', host: 'h1', level: 'ERROR',
    message: '{"a":1.5,"b":[1,false]}',
    timestamp: '1796181100123456789',
    context: { pod: 'p', 'otel.scope.name': 'lib', big: '9223372036854775807', small: 42, raw: 'AQID' },
    trace_id: '0102030405060708090a0b0c0d0e0f10', span_id: '0102030405060708',
  });
  assert.equal(second!.timestamp, '1796181100000000000', 'observedTimeUnixNano when timeUnixNano is unset');
  assert.equal(second!.level, 'WARN');
  assert.equal(second!.context['event.name'], 'checkout.done');
  assert.equal(countRecords(json), 2);
});

test('edge values: no resource, empty body, zero ids and times, a "__proto__" attribute, deployment.environment.name first', () => {
  const env = toEnvelope({
    resourceLogs: [{
      resource: { attributes: [kv('deployment.environment.name', str('new')), kv('deployment.environment', str('old'))] },
      scopeLogs: [{ logRecords: [{ timeUnixNano: '0', traceId: '00000000000000000000000000000000', attributes: [kv('__proto__', str('x')), kv('d', { doubleValue: 'NaN' })] }] }],
    }],
  });
  const [entry] = env.logs;
  assert.equal(entry!.service, UNKNOWN_SERVICE);
  assert.equal(entry!.environment, 'new');
  assert.equal(entry!.message, '');
  assert.equal(entry!.timestamp, null, 'receive time');
  assert.equal(entry!.trace_id, null);
  assert.equal(Object.getPrototypeOf(entry!.context), Object.prototype, 'the prototype is untouched');
  assert.equal(Object.getOwnPropertyDescriptor(entry!.context, '__proto__')?.value, 'x');
  assert.equal(entry!.context.d, 'NaN');
  assert.deepEqual(toEnvelope({}).logs, []);
});

test('protobuf times to whole milliseconds exactly, across the 64-bit range used', () => {
  const samples = ['1', '999999', '1000000', '4294967295', '4294967296', '1796181100123456789', '1796181100123999999', '18446744073709551615'];
  const records = samples.map((n) => ({ timeUnixNano: n }));
  const times = toEnvelope(decodeProtobuf(encodeRequest(request(records)), 10_000)).logs.map((l) => l.timestamp);
  assert.deepEqual(times, samples.map((n) => Number(BigInt(n) / 1_000_000n)));
});

test('int64 attributes from protobuf: exact numbers while safe, decimal strings beyond, negatives too', () => {
  const ints = ['-5', '9007199254740991', '-9007199254740991', '9007199254740993', '-9223372036854775808', '4294967296'];
  const env = toEnvelope(decodeProtobuf(encodeRequest(request([{ attributes: ints.map((n, i) => kv(`i${i}`, { intValue: n })) }])), 10_000));
  assert.deepEqual(Object.values(env.logs[0]!.context).slice(1), [-5, 9007199254740991, -9007199254740991, '9007199254740993', '-9223372036854775808', 4294967296]);
});

test('deeply nested kvlists (protobuf or JSON) are refused by a depth limit, not by a stack overflow', () => {
  // Written by hand: protobufjs' own encoder refuses to build such a message.
  const field = (tag: number, bytes: Uint8Array) => protobuf.Writer.create().uint32(tag).bytes(bytes).finish();
  const cat = (...parts: Uint8Array[]) => Buffer.concat(parts);
  let any: Uint8Array = field(0x0a, Buffer.from('x')); // AnyValue.string_value
  for (let i = 0; i < 5000; i++) any = field(0x32, field(0x0a, cat(field(0x0a, Buffer.from('n')), field(0x12, any)))); // kvlist_value{values{key, value}}
  const body = field(0x0a, field(0x12, field(0x12, field(0x2a, any)))); // resource_logs{scope_logs{log_records{body}}}
  assert.throws(() => decodeProtobuf(Buffer.from(body), 10_000), (err: Error & { code?: string }) => err.code === 'INVALID_PROTOBUF' && /depth/.test(err.message));
  let json: object = str('x');
  for (let i = 0; i < 100_000; i++) json = { kvlistValue: { values: [kv('n', json)] } };
  assert.throws(() => toEnvelope(request([{ body: json }]) as ExportLogsRequestIn), (err: Error & { code?: string }) => err.code === 'BAD_REQUEST');
});

test('base64 ids from older JSON exporters are read as bytes', () => {
  const env = toEnvelope({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex').toString('base64'), spanId: 'AQIDBAUGBwg=' }] }] }] });
  assert.equal(env.logs[0]!.trace_id, '0102030405060708090a0b0c0d0e0f10');
  assert.equal(env.logs[0]!.span_id, '0102030405060708');
});

test('answers: partial success in both encodings, google.rpc.Status, and the gRPC codes', () => {
  const partial = partialSuccessOf([{ index: 2, code: 'invalid_message', reason: 'bad' }], 3)!;
  assert.equal(partial.rejectedLogRecords, 1);
  assert.match(partial.errorMessage, /1 of 3 log records refused.*record 2: bad \(invalid_message\)/);
  assert.equal(partialSuccessOf([], 3), null);
  assert.deepEqual(encodeResponse(partial, 'json'), { partialSuccess: { rejectedLogRecords: '1', errorMessage: partial.errorMessage } });
  assert.deepEqual(decodeAnswer('response', encodeResponse(partial, 'protobuf') as Buffer), { partialSuccess: partial });
  assert.equal((encodeResponse(null, 'protobuf') as Buffer).length, 0);
  assert.deepEqual(decodeAnswer('status', encodeStatus(16, 'no key', 'protobuf') as Buffer), { code: 16, message: 'no key' });
  assert.deepEqual([400, 401, 403, 413, 429, 500, 503].map(grpcCodeOf), [3, 16, 7, 3, 8, 13, 14]);
});

test('a body that is not protobuf is refused with INVALID_PROTOBUF, never a crash', () => {
  for (const body of [Buffer.from([0xff, 0xff, 0xff]), Buffer.from('{"resourceLogs":[]}'), Buffer.from([0x0a, 0x05, 0x01])]) {
    assert.throws(() => decodeProtobuf(Buffer.from(body), 10_000), (err: Error & { code?: string }) => err.code === 'INVALID_PROTOBUF');
  }
});
