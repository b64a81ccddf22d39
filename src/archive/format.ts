/**
 * What an archive holds: one gzip NDJSON object per project and UTC day, its lines exactly those of the
 * export (src/query/export-format.ts: the list API's fields plus the project slug), newest first, and a JSON
 * manifest beside it. A line is read back into a stored log with its id, times and context unchanged.
 */
import { groupLog } from '../grouping/index.js';
import type { RestoredLog } from '../store/archive-types.js';
import { LEVELS, type Level } from '../store/types.js';

/** The version of the line format and manifest; bumped when either changes, so old archives stay readable. */
export const ARCHIVE_SCHEMA_VERSION = 1;

export interface ArchiveManifest {
  format: 'devsmith-logs-archive';
  schema_version: number;
  project_id: number;
  project_slug: string;
  day: string;
  object_key: string;
  content_type: 'application/x-ndjson';
  compression: 'gzip';
  order: 'newest first';
  count: number;
  /** Bytes of the object as stored (gzip), and of the NDJSON inside it. */
  bytes: number;
  uncompressed_bytes: number;
  /** SHA-256 of the object as stored (gzip), hex. */
  sha256: string;
  created_at: string;
}

/** `prefix/project-12/2026-11-20.ndjson.gz`: by project id, which never changes (a slug can). */
export function objectKey(prefix: string, projectId: number, day: string): string {
  return `${prefix}project-${projectId}/${day}.ndjson.gz`;
}

export function manifestKey(objectKey: string): string {
  return objectKey.replace(/\.ndjson\.gz$/, '.manifest.json');
}

/** A line that is not an archived log (a damaged or foreign object). */
export class ArchiveFormatError extends Error {
  constructor(line: number, why: string) {
    super(`line ${line} of the archive is not a log: ${why}`);
    this.name = 'ArchiveFormatError';
  }
}

const str = (v: unknown): v is string => typeof v === 'string';
const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/**
 * Parses one line back into the log it was written from, filed under `projectId`; with `grouping` (as ingest
 * has it: DEVSMITH_ERROR_GROUPING), a WARN and above gets its error fingerprint again.
 */
export function parseArchivedLine(text: string, lineNo: number, projectId: number, grouping = true): RestoredLog {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ArchiveFormatError(lineNo, 'not JSON');
  }
  if (v === null || typeof v !== 'object') throw new ArchiveFormatError(lineNo, 'not a JSON object');
  const ts = str(v.timestamp) ? Date.parse(v.timestamp) : NaN;
  const receivedAt = str(v.received_at) ? Date.parse(v.received_at) : NaN;
  const ok =
    str(v.id) && /^\d{1,19}$/.test(v.id) && Number.isFinite(ts) && Number.isFinite(receivedAt) &&
    LEVELS.includes(v.level as Level) && str(v.service) && str(v.message) &&
    v.context !== null && typeof v.context === 'object' && !Array.isArray(v.context) &&
    strOrNull(v.environment) && strOrNull(v.version) && strOrNull(v.host) && strOrNull(v.trace_id) && strOrNull(v.span_id);
  if (!ok) throw new ArchiveFormatError(lineNo, 'a field is missing or has the wrong type');
  const level = v.level as Level;
  const service = v.service as string;
  const message = v.message as string;
  const context = v.context as Record<string, unknown>;
  return {
    id: v.id as string,
    projectId,
    ts,
    receivedAt,
    level,
    service,
    message,
    // The stored context is JSON.stringify's form already: parsing and printing it again gives the same text.
    context: JSON.stringify(context),
    environment: v.environment as string | null,
    version: v.version as string | null,
    host: v.host as string | null,
    traceId: v.trace_id as string | null,
    spanId: v.span_id as string | null,
    fingerprint: grouping ? (groupLog({ level, service, message, context })?.fingerprint ?? null) : null,
  };
}
