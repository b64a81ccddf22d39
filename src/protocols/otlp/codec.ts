/**
 * OTLP/HTTP bodies on the wire: the protobuf messages (from the .proto files in ./proto, read at start with
 * protobufjs) and OTLP/JSON. Decoding throws only AppErrors (INVALID_PROTOBUF, BAD_REQUEST): answered 400.
 */
import path from 'node:path';
import protobuf from 'protobufjs';
import { AppError } from '../../errors.js';
import { assertDecodeBounded } from '../protobuf-bound.js';
import { assetPath } from '../../package-paths.js';
import { installFastValueDecoders } from './fast-values.js';
import type { ExportLogsRequestIn } from './map.js';

/** Beside this module in src/; in dist/ at the same place, where the build copies them (scripts/build-server.mjs). */
const PROTO_DIR = assetPath('protocols/otlp/proto');

interface Types {
  ExportRequest: protobuf.Type;
  ExportResponse: protobuf.Type;
  Status: protobuf.Type;
}
let loaded: Types | null = null;

/** The message types, read from the .proto files on first use rather than at every server start. */
function types(): Types {
  if (loaded) return loaded;
  const root = new protobuf.Root();
  // Imports are named by file ("common.proto"): resolve them in the same folder.
  root.resolvePath = (_origin, target) => path.join(PROTO_DIR, path.basename(target));
  root.loadSync(['logs_service.proto', 'status.proto'], { keepCase: false });
  installFastValueDecoders(root);
  loaded = {
    ExportRequest: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    ExportResponse: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
    Status: root.lookupType('google.rpc.Status'),
  };
  return loaded;
}

export type OtlpEncoding = 'protobuf' | 'json';

/** ExportLogsServiceRequest's type, for what reads its wire format without decoding it (protobuf-bound.ts). */
export function exportRequestType(): protobuf.Type {
  return types().ExportRequest;
}

/**
 * Protobuf request body to the message (camelCase fields, Long for 64-bit, Buffer for bytes). Refused before it
 * is decoded when it embeds more messages than `maxEntries` entries may (protobuf-bound.ts).
 */
export function decodeProtobuf(body: Buffer, maxEntries: number): ExportLogsRequestIn {
  assertDecodeBounded(body, types().ExportRequest, maxEntries);
  try {
    return types().ExportRequest.decode(body) as unknown as ExportLogsRequestIn;
  } catch (err) {
    throw new AppError('INVALID_PROTOBUF', `The body is not an OTLP ExportLogsServiceRequest in protobuf: ${(err as Error).message}`);
  }
}

/** Already-parsed OTLP/JSON: only its outer shape is checked here; records are read field by field. */
export function checkJson(body: unknown): ExportLogsRequestIn {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('BAD_REQUEST', 'The body must be an OTLP/JSON ExportLogsServiceRequest object: {"resourceLogs":[...]}.');
  }
  const rl = (body as { resourceLogs?: unknown }).resourceLogs;
  if (rl !== undefined && rl !== null && !Array.isArray(rl)) throw new AppError('BAD_REQUEST', '"resourceLogs" must be an array.');
  for (const r of (rl ?? []) as Array<{ scopeLogs?: unknown }>) {
    if (typeof r !== 'object' || r === null) throw new AppError('BAD_REQUEST', 'Each "resourceLogs" item must be an object.');
    if (r.scopeLogs !== undefined && r.scopeLogs !== null && !Array.isArray(r.scopeLogs)) throw new AppError('BAD_REQUEST', '"scopeLogs" must be an array.');
    for (const s of (r.scopeLogs ?? []) as Array<{ logRecords?: unknown }>) {
      if (typeof s !== 'object' || s === null) throw new AppError('BAD_REQUEST', 'Each "scopeLogs" item must be an object.');
      if (s.logRecords !== undefined && s.logRecords !== null && !Array.isArray(s.logRecords)) throw new AppError('BAD_REQUEST', '"logRecords" must be an array.');
    }
  }
  return body as ExportLogsRequestIn;
}

export interface PartialSuccess {
  rejectedLogRecords: number;
  errorMessage: string;
}

/** The 200 answer: an empty ExportLogsServiceResponse when all was accepted (OTLP spec: partial_success unset). */
export function encodeResponse(partial: PartialSuccess | null, encoding: OtlpEncoding): Buffer | Record<string, unknown> {
  if (encoding === 'json') {
    // int64 as a string in OTLP/JSON.
    return partial ? { partialSuccess: { rejectedLogRecords: String(partial.rejectedLogRecords), errorMessage: partial.errorMessage } } : {};
  }
  const message = types().ExportResponse.fromObject(partial ? { partialSuccess: partial } : {});
  return Buffer.from(types().ExportResponse.encode(message).finish());
}

/** An error answer as google.rpc.Status (OTLP spec, "Failures"). */
export function encodeStatus(code: number, message: string, encoding: OtlpEncoding): Buffer | Record<string, unknown> {
  if (encoding === 'json') return { code, message };
  return Buffer.from(types().Status.encode(types().Status.fromObject({ code, message })).finish());
}

/** For tests and the bench: a request object to protobuf bytes, and an answer back to an object. */
export function encodeRequest(request: Record<string, unknown>): Buffer {
  return Buffer.from(types().ExportRequest.encode(types().ExportRequest.fromObject(request)).finish());
}
export function decodeAnswer(kind: 'response' | 'status', body: Uint8Array): Record<string, unknown> {
  const type = kind === 'response' ? types().ExportResponse : types().Status;
  return type.toObject(type.decode(body), { longs: Number, defaults: false });
}
