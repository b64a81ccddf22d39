/**
 * The protobuf side of entry-count.ts: what a body costs to decode is its messages (protobufjs makes an object
 * for each), and 8 MB of empty OTLP LogRecords is 4 million of them, ~0.9 s of decoding before any entry limit
 * applies; one record's AnyValue arrays could hide as many. This walks the wire format guided by the message
 * type and counts the embedded messages, without decoding or allocating them. A loop with its own stack, not
 * recursion: nesting depth costs nothing.
 */
import protobuf from 'protobufjs';
import { AppError } from '../errors.js';
import { CONTAINERS_PER_ENTRY } from '../ingest/entry-count.js';

const LENGTH_DELIMITED = 2;

/** The fields of `type` that are messages, by field number (computed once per type). */
const messageFields = new WeakMap<protobuf.Type, Map<number, protobuf.Type>>();
function messageFieldsOf(type: protobuf.Type): Map<number, protobuf.Type> {
  let fields = messageFields.get(type);
  if (!fields) {
    fields = new Map();
    for (const field of type.fieldsArray) {
      field.resolve();
      if (field.resolvedType instanceof protobuf.Type) fields.set(field.id, field.resolvedType);
    }
    messageFields.set(type, fields);
  }
  return fields;
}

/**
 * Whether `body`, a `type` message, embeds more than `max` messages. Not protobuf (a bad tag, a length past the
 * end): answers false, and the decoder reports it. Bodies shorter than 2 × max bytes cannot (tag and length).
 */
export function hasMoreMessagesThan(body: Uint8Array, type: protobuf.Type, max: number): boolean {
  if (body.length <= 2 * max) return false;
  const reader = protobuf.Reader.create(body);
  const ends: number[] = [];
  const types: protobuf.Type[] = [];
  let end = body.length;
  let current = type;
  let fields = messageFieldsOf(current);
  let count = 0;
  try {
    for (;;) {
      while (reader.pos >= end) {
        if (!ends.length) return false;
        end = ends.pop()!;
        current = types.pop()!;
        fields = messageFieldsOf(current);
      }
      const tag = reader.uint32();
      const wire = tag & 7;
      if (wire !== LENGTH_DELIMITED) {
        reader.skipType(wire);
        continue;
      }
      const length = reader.uint32();
      const inner = fields.get(tag >>> 3);
      if (!inner) {
        reader.skip(length);
        continue;
      }
      if (++count > max) return true;
      if (reader.pos + length > end) return false; // truncated: the decoder reports it
      ends.push(end);
      types.push(current);
      end = reader.pos + length;
      current = inner;
      fields = messageFieldsOf(inner);
    }
  } catch {
    return false; // not protobuf: the decoder says why
  }
}

/** Refuses (413 TOO_MANY_VALUES) a protobuf body embedding more messages than a full batch of entries may, before decoding. */
export function assertDecodeBounded(body: Uint8Array, type: protobuf.Type, maxEntries: number): void {
  const max = maxEntries * CONTAINERS_PER_ENTRY;
  if (hasMoreMessagesThan(body, type, max)) {
    throw new AppError('TOO_MANY_VALUES', `A batch holds at most ${max} protobuf messages (${CONTAINERS_PER_ENTRY} per entry of a full batch of ${maxEntries}); this one has more. Split it.`);
  }
}
