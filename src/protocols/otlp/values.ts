/**
 * OTLP values in either encoding, to plain JSON values. The same reader serves both: a protobuf message decoded
 * by protobufjs (int64/fixed64 as Long, bytes as Uint8Array, unset oneof members null) and OTLP/JSON (int64 as a
 * decimal string or a number, bytes as base64, trace and span ids as hex: OTLP spec, "JSON Protobuf Encoding").
 */

/** protobufjs' Long (from the `long` package): only what is read here. */
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
  toString(): string;
}

import { AppError } from '../../errors.js';

/**
 * Nesting allowed while converting (protobuf has protobufjs' own limit): the context keeps 20 levels
 * (DEVSMITH_MAX_CONTEXT_DEPTH) anyway, and a JSON body nested a million deep must not overflow the stack.
 */
const MAX_NESTING = 64;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AnyValueIn {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: number | string | LongLike | null;
  doubleValue?: number | string | null;
  arrayValue?: { values?: AnyValueIn[] | null } | null;
  kvlistValue?: { values?: KeyValueIn[] | null } | null;
  bytesValue?: Uint8Array | string | null;
}

export interface KeyValueIn {
  key?: string | null;
  value?: AnyValueIn | null;
}

function isLong(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number' && typeof (v as LongLike).high === 'number';
}

/** An int64: a number when it is exact as one, else its decimal string (JSON cannot hold it as a number). */
export function int64Value(v: number | string | LongLike): number | string {
  if (typeof v === 'number') return v;
  // |high| < 2^21: the value is below 2^53 and exact as a double (two's complement works for negatives too).
  if (isLong(v) && v.high >= -0x200000 && v.high < 0x200000 && !(v.unsigned && v.high < 0)) return v.high * 4294967296 + (v.low >>> 0);
  const text = isLong(v) ? v.toString() : String(v).trim();
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/**
 * A fixed64 nanosecond time for the entry's `timestamp`, or null when absent or zero (OTLP: 0 means unknown).
 * From protobuf (a Long): whole epoch milliseconds, computed exactly without Long's slow division, as
 * 2^32 = 4294 * 10^6 + 967296. From JSON: the decimal string as sent, which the pipeline reads as nanoseconds.
 */
export function nanosTime(v: unknown): number | string | null {
  if (v === undefined || v === null) return null;
  if (isLong(v)) {
    const high = v.high >>> 0;
    const low = v.low >>> 0;
    if (high === 0 && low === 0) return null;
    return high * 4294 + Math.floor((high * 967296 + low) / 1e6);
  }
  const text = typeof v === 'number' || typeof v === 'string' ? String(v).trim() : '';
  return /^0*$/.test(text) ? null : text;
}

function doubleValue(v: number | string): JsonValue {
  const n = typeof v === 'number' ? v : Number(v);
  // NaN and the infinities (protobuf JSON sends them as strings) have no JSON number: keep their names.
  return Number.isFinite(n) ? n : String(v);
}

/** protobufjs bytes: a Buffer on Node, but the unset default on the prototype is a plain empty array. */
function bufferOf(v: Uint8Array | number[]): Buffer {
  return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.from(v);
}

function bytesBase64(v: Uint8Array | string): string {
  return typeof v === 'string' ? v : bufferOf(v).toString('base64');
}

/**
 * Whether the oneof member `key` is set. Own properties only: protobufjs puts every field's default on the
 * prototype ("" for stringValue) and only the member on the wire on the message itself.
 */
export function isSet<K extends keyof AnyValueIn>(v: AnyValueIn, key: K): v is AnyValueIn & { [P in K]-?: NonNullable<AnyValueIn[K]> } {
  return Object.hasOwn(v, key) && v[key] != null;
}

/** An AnyValue as JSON: maps become objects (last duplicate key wins), bytes base64, empty values null. */
export function anyValue(v: AnyValueIn | null | undefined, depth = 0): JsonValue {
  if (!v) return null;
  if (depth > MAX_NESTING) throw new AppError('BAD_REQUEST', `An attribute or body is nested deeper than ${MAX_NESTING} levels.`);
  if (isSet(v, 'stringValue')) return v.stringValue;
  if (isSet(v, 'boolValue')) return v.boolValue;
  if (isSet(v, 'intValue')) return int64Value(v.intValue);
  if (isSet(v, 'doubleValue')) return doubleValue(v.doubleValue);
  if (isSet(v, 'kvlistValue')) return keyValues(v.kvlistValue.values, {}, depth + 1);
  if (isSet(v, 'arrayValue')) return (v.arrayValue.values ?? []).map((item) => anyValue(item, depth + 1));
  if (isSet(v, 'bytesValue')) return bytesBase64(v.bytesValue);
  return null;
}

/** A list of KeyValue as an object; written into `into` when given (resource then record attributes). */
export function keyValues(list: KeyValueIn[] | null | undefined, into: Record<string, JsonValue> = {}, depth = 0): Record<string, JsonValue> {
  if (!list) return into;
  for (const kv of list) {
    // A key named "__proto__" must stay data, not set the object's prototype.
    if (!kv.key) continue;
    if (kv.key === '__proto__') Object.defineProperty(into, kv.key, { value: anyValue(kv.value, depth), enumerable: true, writable: true, configurable: true });
    else into[kv.key] = anyValue(kv.value, depth);
  }
  return into;
}

const HEX = /^[0-9a-f]*$/i;

/**
 * A trace or span id as lowercase hex, or null when absent or all zero (OTLP: invalid id). Protobuf sends bytes;
 * OTLP/JSON sends hex, and some older exporters base64, which is decoded when the length says so.
 */
export function idHex(v: Uint8Array | string | null | undefined, bytes: 16 | 8): string | null {
  if (v === undefined || v === null) return null;
  let hex: string;
  if (typeof v !== 'string') hex = bufferOf(v).toString('hex');
  else if (v.length === bytes * 2 && HEX.test(v)) hex = v.toLowerCase();
  else {
    const decoded = Buffer.from(v, 'base64');
    hex = decoded.length === bytes ? decoded.toString('hex') : v;
  }
  return hex === '' || /^0+$/.test(hex) ? null : hex;
}
