/**
 * Decoders for the attribute messages (AnyValue, KeyValue, ArrayValue, KeyValueList) that replace the ones
 * protobufjs generates, with the field numbers read from the loaded .proto types. Attributes are most of an
 * OTLP body, and the generated decoders build a message object (with every field's default on its prototype)
 * per value: plain objects with only the member on the wire decode about twice as fast (bench/otlp.bench.ts).
 * They take the generated decoders' arguments `(reader, length, groupEnd, depth)` and keep their depth limit.
 */
import protobuf from 'protobufjs';
import type { AnyValueIn, KeyValueIn } from './values.js';

type Reader = protobuf.Reader;
type Decode = (r: Reader | Uint8Array, length?: number, groupEnd?: number, depth?: number) => unknown;

function idOf(type: protobuf.Type, field: string): number {
  const f = type.fields[field];
  if (!f) throw new Error(`${type.fullName} has no field ${field}: the .proto files and this decoder disagree`);
  return f.id;
}

function endOf(r: Reader, length: number | undefined, depth: number): number {
  if (depth > protobuf.Reader.recursionLimit) throw new Error('max depth exceeded');
  if (length === undefined) return r.len;
  const end = r.pos + length;
  if (end > r.len) throw new RangeError('index out of range');
  return end;
}

/** Installs the decoders on the types of `root` (after loading, before the first decode). */
export function installFastValueDecoders(root: protobuf.Root): void {
  const anyType = root.lookupType('opentelemetry.proto.common.v1.AnyValue');
  const kvType = root.lookupType('opentelemetry.proto.common.v1.KeyValue');
  const arrayType = root.lookupType('opentelemetry.proto.common.v1.ArrayValue');
  const listType = root.lookupType('opentelemetry.proto.common.v1.KeyValueList');
  const F = {
    string: idOf(anyType, 'stringValue'), bool: idOf(anyType, 'boolValue'), int: idOf(anyType, 'intValue'), double: idOf(anyType, 'doubleValue'),
    array: idOf(anyType, 'arrayValue'), kvlist: idOf(anyType, 'kvlistValue'), bytes: idOf(anyType, 'bytesValue'),
    key: idOf(kvType, 'key'), value: idOf(kvType, 'value'), arrayValues: idOf(arrayType, 'values'), listValues: idOf(listType, 'values'),
  };

  const reader = (r: Reader | Uint8Array) => (r instanceof protobuf.Reader ? r : protobuf.Reader.create(r));

  const decodeAny: Decode = (input, length, _groupEnd, depth = 0): AnyValueIn => {
    const r = reader(input);
    const end = endOf(r, length, depth);
    let out: AnyValueIn = {};
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      // A oneof: the last member on the wire wins, as in the generated decoder.
      if (field === F.string) out = { stringValue: r.string() };
      else if (field === F.int) out = { intValue: r.int64() as unknown as AnyValueIn['intValue'] };
      else if (field === F.double) out = { doubleValue: r.double() };
      else if (field === F.bool) out = { boolValue: r.bool() };
      else if (field === F.kvlist) out = { kvlistValue: decodeList(r, r.uint32(), undefined, depth + 1) as AnyValueIn['kvlistValue'] };
      else if (field === F.array) out = { arrayValue: decodeArray(r, r.uint32(), undefined, depth + 1) as AnyValueIn['arrayValue'] };
      else if (field === F.bytes) out = { bytesValue: r.bytes() };
      else r.skipType(tag & 7, depth);
    }
    return out;
  };

  const decodeKv: Decode = (input, length, _groupEnd, depth = 0): KeyValueIn => {
    const r = reader(input);
    const end = endOf(r, length, depth);
    const out: KeyValueIn = { key: '', value: null };
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      if (field === F.key) out.key = r.string();
      else if (field === F.value) out.value = decodeAny(r, r.uint32(), undefined, depth + 1) as AnyValueIn;
      else r.skipType(tag & 7, depth);
    }
    return out;
  };

  const repeated = (id: number, item: Decode): Decode => (input, length, _groupEnd, depth = 0) => {
    const r = reader(input);
    const end = endOf(r, length, depth);
    const values: unknown[] = [];
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag >>> 3 === id) values.push(item(r, r.uint32(), undefined, depth + 1));
      else r.skipType(tag & 7, depth);
    }
    return { values };
  };
  const decodeList = repeated(F.listValues, decodeKv);
  const decodeArray = repeated(F.arrayValues, decodeAny);

  // The generated decoders of the other types call `types[i].decode` at each use, so they pick these up.
  for (const t of [anyType, kvType, arrayType, listType]) t.setup();
  anyType.decode = decodeAny as typeof anyType.decode;
  kvType.decode = decodeKv as typeof kvType.decode;
  arrayType.decode = decodeArray as typeof arrayType.decode;
  listType.decode = decodeList as typeof listType.decode;
}
