/**
 * How a group of batches crosses from the main thread to the writer worker. Structured clone of one flat
 * array of primitives costs about a third of cloning the same rows as objects (no property names per row),
 * and that clone runs on the main thread, which also parses HTTP: every microsecond there is ingest rate.
 */
import type { UsageDelta } from '../quota-types.js';
import { LEVELS, type IdempotencyRecord, type WriteBatch } from '../types.js';
import { errorDeltas, type ErrorDelta } from '../error-deltas.js';
import { perfDeltas } from '../perf-deltas.js';
import type { PerfDelta } from '../perf-types.js';

/** Values per row, in the column order of the writer's INSERT. */
export const ROW_WIDTH = 13;

export interface EncodedGroup {
  /** Rows of every batch, one after the other, ROW_WIDTH values each. */
  values: unknown[];
  /** Rows per batch. */
  counts: number[];
  idempotency: Array<{ projectId: number; key: string; record: IdempotencyRecord } | null>;
  /** Error group deltas per batch (aggregated here, applied by the writer for the batches that commit). */
  errors: ErrorDelta[][];
  /** Daily usage counts per batch (src/quotas), written only when the batch commits. */
  usage: Array<UsageDelta[] | null>;
  /** Performance deltas per batch (src/perf), like the error deltas. */
  perf: PerfDelta[][];
}

/** Rows per message to the writer thread: a large group crosses in parts (SqliteStore.commitBatches). */
export const PART_ROWS = 1_000;

/** Names the parts of a group sent ahead of its commit message, and how many there were. */
export interface GroupParts {
  key: number;
  count: number;
}

export function encodeGroup(batches: WriteBatch[]): EncodedGroup {
  let total = 0;
  for (const b of batches) total += b.rows.length;
  const values = new Array<unknown>(total * ROW_WIDTH);
  let i = 0;
  for (const b of batches) {
    for (const r of b.rows) {
      values[i++] = r.projectId;
      values[i++] = r.ts;
      values[i++] = r.receivedAt;
      values[i++] = LEVELS.indexOf(r.level);
      values[i++] = r.service;
      values[i++] = r.message;
      values[i++] = r.context;
      values[i++] = r.environment;
      values[i++] = r.version;
      values[i++] = r.host;
      values[i++] = r.traceId;
      values[i++] = r.spanId;
      values[i++] = r.group?.fingerprint ?? null;
    }
  }
  return {
    values,
    counts: batches.map((b) => b.rows.length),
    idempotency: batches.map((b) => b.idempotency ?? null),
    errors: deltasOf(batches, errorDeltas),
    perf: deltasOf(batches, perfDeltas),
    usage: batches.map((b) => b.usage ?? null),
  };
}

/**
 * The error group (or performance) deltas per batch. Without idempotency keys every batch commits, so the deltas of all the
 * rows go with the first batch: one aggregation per group commit instead of one per request.
 */
function deltasOf<D>(batches: WriteBatch[], deltas: (rows: WriteBatch['rows']) => D[]): D[][] {
  if (batches.some((b) => b.idempotency)) return batches.map((b) => deltas(b.rows));
  const all = batches.length === 1 ? batches[0]!.rows : batches.flatMap((b) => b.rows);
  return batches.map((_, i) => (i === 0 ? deltas(all) : []));
}
