/**
 * The protobuf push (Promtail, Grafana Alloy, Vector `loki`): Snappy block format around a
 * logproto.PushRequest, decoded with protobufjs from `push.proto` (see that file for the Loki version).
 */
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import { parseLabels } from './labels.js';
import { AppError } from '../../errors.js';
import { assertDecodeBounded } from '../protobuf-bound.js';
import { assetPath } from '../../package-paths.js';
import type { LokiLine, LokiStream } from './streams.js';

/** Beside this module in src/; in dist/ at the same place, where the build copies it (scripts/build-server.mjs). */
function protoPath(): string {
  return assetPath('protocols/loki/push.proto');
}

let pushRequest: protobuf.Type | null = null;

/** logproto.PushRequest, loaded once. */
export function pushRequestType(): protobuf.Type {
  pushRequest ??= protobuf.loadSync(protoPath()).lookupType('logproto.PushRequest');
  return pushRequest;
}

interface DecodedEntry {
  timestamp?: { seconds?: string; nanos?: number };
  line?: string;
  structuredMetadata?: Array<{ name?: string; value?: string }>;
}
interface DecodedStream {
  labels?: string;
  entries?: DecodedEntry[];
}

function lineOf(entry: DecodedEntry): LokiLine | { refused: string } {
  const seconds = entry.timestamp?.seconds ?? '0';
  const nanos = String(entry.timestamp?.nanos ?? 0).padStart(9, '0');
  if (!/^\d+$/.test(seconds) || nanos.length !== 9) return { refused: 'the timestamp is before 1970 or out of range' };
  const metadata: Record<string, string> = {};
  for (const pair of entry.structuredMetadata ?? []) {
    if (pair.name) Object.defineProperty(metadata, pair.name, { value: pair.value ?? '', enumerable: true, writable: true, configurable: true });
  }
  return { ts: `${seconds}${nanos}`.replace(/^0+(?=\d)/, ''), line: entry.line ?? '', metadata };
}

/**
 * Streams of a Snappy-compressed protobuf push; `maxBytes` bounds the uncompressed size (checked from the
 * Snappy header before anything is allocated), and `maxEntries` what it may cost to decode (protobuf-bound.ts).
 */
export function streamsFromProtobuf(body: Buffer, maxBytes: number, maxEntries: number): LokiStream[] {
  let raw: Uint8Array;
  try {
    raw = snappy.uncompress(body, maxBytes);
  } catch (err) {
    const message = (err as Error).message;
    if (/too big/.test(message)) throw new AppError('PAYLOAD_TOO_LARGE', `The push is larger than ${maxBytes} bytes once uncompressed`);
    throw new AppError('BAD_REQUEST', `The body is not Snappy-compressed (block format, as Promtail sends it): ${message}`);
  }
  assertDecodeBounded(raw, pushRequestType(), maxEntries);
  let decoded: { streams?: DecodedStream[] };
  try {
    const type = pushRequestType();
    decoded = type.toObject(type.decode(raw), { longs: String, defaults: false, arrays: true }) as typeof decoded;
  } catch (err) {
    throw new AppError('BAD_REQUEST', `The body is not a logproto.PushRequest: ${(err as Error).message}`);
  }
  return (decoded.streams ?? []).map((s): LokiStream => {
    const entries = s.entries ?? [];
    try {
      return { labels: parseLabels(s.labels ?? '{}'), lines: entries.map(lineOf) };
    } catch (err) {
      return { labels: {}, lines: Array.from({ length: Math.max(entries.length, 1) }, () => ({ refused: (err as Error).message })) };
    }
  });
}
