/**
 * What an OTLP/HTTP client is told: the partial success of an export (OTLP spec, "Partial Success") and, for an
 * error, the gRPC status code that goes with our HTTP status in the google.rpc.Status body ("Failures").
 */
import type { Rejection } from '../../ingest/normalize.js';
import type { PartialSuccess } from './codec.js';

/** Rejections listed in errorMessage; the count says how many there were in all. */
const LISTED = 5;

/** null when every record was accepted (partial_success stays unset, as the spec asks). */
export function partialSuccessOf(rejected: Rejection[], total: number): PartialSuccess | null {
  if (!rejected.length) return null;
  const listed = rejected.slice(0, LISTED).map((r) => `record ${r.index}: ${r.reason} (${r.code})`);
  const more = rejected.length > LISTED ? `; and ${rejected.length - LISTED} more` : '';
  return {
    rejectedLogRecords: rejected.length,
    errorMessage: `${rejected.length} of ${total} log records refused (record = position in the request, from 0): ${listed.join('; ')}${more}. Do not resend them.`,
  };
}

// google.rpc.Code values.
const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16 };

/** The gRPC code for an HTTP status, the pairs of the gRPC HTTP mapping. */
export function grpcCodeOf(httpStatus: number): number {
  if (httpStatus === 401) return GRPC.UNAUTHENTICATED;
  if (httpStatus === 403) return GRPC.PERMISSION_DENIED;
  if (httpStatus === 404) return GRPC.NOT_FOUND;
  if (httpStatus === 429) return GRPC.RESOURCE_EXHAUSTED;
  if (httpStatus === 502 || httpStatus === 503 || httpStatus === 504) return GRPC.UNAVAILABLE;
  if (httpStatus >= 400 && httpStatus < 500) return GRPC.INVALID_ARGUMENT;
  return GRPC.INTERNAL;
}
