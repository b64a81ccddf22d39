/**
 * Validates and normalises one ingest request into rows (BRIEF §3). Entry problems reject that entry only,
 * with its index and a reason; envelope problems reject the request. Never throws on any JSON value.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { groupLog } from '../grouping/index.js';
import { perfFacts } from '../perf/conventions.js';
import type { LogRow, Project } from '../store/types.js';
import { tooManyEntries } from './entry-count.js';
import { parseLevel } from './levels.js';
import { UnreadableLine } from './ndjson.js';
import { acceptedWindow, parseTimestamp } from './timestamps.js';

export type Limits = Config['limits'];

export interface Rejection {
  index: number;
  /** Stable code, also the label of the rejected-logs metric. */
  code: string;
  reason: string;
}

class EntryProblem {
  constructor(readonly code: string, readonly reason: string) {}
}

export interface Normalized {
  rows: LogRow[];
  rejected: Rejection[];
  total: number;
}

const SHORT_FIELD_MAX = 256;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** NUL characters and lone UTF-16 surrogates: PostgreSQL can store neither (text nor jsonb). */
function clean(s: string): string {
  const noNul = s.includes('\u0000') ? s.replace(NUL, '') : s;
  return noNul.isWellFormed() ? noNul : noNul.toWellFormed();
}

/** An optional short string field (service, environment, trace id...); throws a reason string. */
function shortField(value: unknown, name: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw new EntryProblem('invalid_field', `${name} must be a string`);
  const s = clean(String(value)).trim();
  if (s.length > SHORT_FIELD_MAX) throw new EntryProblem('invalid_field', `${name} is longer than ${SHORT_FIELD_MAX} characters`);
  return s || null;
}

function cleanDeep(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleanDeep(v)]));
  return value;
}

function depthOf(value: unknown, limit: number, depth = 1): number {
  if (depth > limit) return depth;
  let max = depth;
  if (Array.isArray(value)) for (const v of value) max = Math.max(max, depthOf(v, limit, depth + 1));
  else if (isObject(value)) for (const v of Object.values(value)) max = Math.max(max, depthOf(v, limit, depth + 1));
  return max;
}

function truncateUtf8(s: string, maxBytes: number): { text: string; truncated: boolean } {
  if (s.length * 3 <= maxBytes || Buffer.byteLength(s) <= maxBytes) return { text: s, truncated: false };
  let text = Buffer.from(s).subarray(0, maxBytes).toString('utf8');
  if (text.endsWith('\uFFFD')) text = text.slice(0, -1); // a cut multi-byte character
  return { text, truncated: true };
}

export interface Envelope {
  /** null for a bare array without `?service=`: each entry then names its own service. */
  service: string | null;
  environment: string | null;
  version: string | null;
  host: string | null;
  entries: unknown[];
}

function checkCount(entries: unknown[], limits: Limits, what: string): void {
  if (entries.length === 0) throw new AppError('NO_VALID_ENTRIES', `${what} is empty: send at least one entry.`);
  if (entries.length > limits.entriesPerBatch) throw tooManyEntries(limits.entriesPerBatch, entries.length);
}

/**
 * A bare array of entries (a JSON array, or NDJSON lines), as generic HTTP outputs send: the service comes from
 * `?service=` (`defaultService`) or from each entry's `service`/`service_name`.
 */
function bareEnvelope(entries: unknown[], limits: Limits, defaultService: string | null): Envelope {
  checkCount(entries, limits, 'The array');
  let service: string | null;
  try {
    service = shortField(defaultService, 'service');
  } catch (problem) {
    throw new AppError('BAD_REQUEST', (problem as EntryProblem).reason);
  }
  return { service, environment: null, version: null, host: null, entries };
}

/**
 * Checks the request envelope; throws AppError for problems that concern the whole request. `defaultService`
 * (the `?service=` query parameter) names the service when the body does not.
 */
export function parseEnvelope(body: unknown, project: Project, limits: Limits, single: boolean, defaultService: string | null = null): Envelope {
  if (!single && Array.isArray(body)) return bareEnvelope(body, limits, defaultService);
  if (!isObject(body)) throw new AppError('BAD_REQUEST', single ? 'The body must be a JSON object.' : 'The body must be a JSON object {"service_name", "logs": [...]}, a JSON array of entries, or NDJSON.');
  const slug = body.project_slug ?? body.project_id;
  if (slug !== undefined && slug !== null && String(slug) !== project.slug && String(slug) !== String(project.id)) {
    throw new AppError('PROJECT_MISMATCH', `This key belongs to project "${project.slug}", not "${String(slug)}".`);
  }
  let entries: unknown[];
  if (single) {
    if (!isObject(body.log)) throw new AppError('BAD_REQUEST', '"log" must be an object with at least a level and a message.');
    entries = [body.log];
  } else {
    if (!Array.isArray(body.logs)) throw new AppError('BAD_REQUEST', '"logs" must be an array of log entries.');
    checkCount(body.logs, limits, '"logs"');
    entries = body.logs;
  }
  let service: string | null;
  let environment: string | null, version: string | null, host: string | null;
  try {
    service = shortField(body.service_name ?? body.service ?? defaultService, 'service_name');
    environment = shortField(body.environment, 'environment');
    version = shortField(body.version ?? body.release, 'version');
    host = shortField(body.host, 'host');
  } catch (problem) {
    throw new AppError('BAD_REQUEST', (problem as EntryProblem).reason);
  }
  if (!service) throw new AppError('BAD_REQUEST', '"service_name" is required: name the component that sends these logs.');
  return { service, environment, version, host, entries };
}

/** Normalises every entry; returns the rows to store and the per-index rejections. */
export function normalizeEntries(env: Envelope, project: Project, limits: Limits, now = Date.now(), grouping = true, perf = true): Normalized {
  const out: Normalized = { rows: [], rejected: [], total: env.entries.length };
  normalizeRange(env, 0, env.entries.length, out, project, limits, now, grouping, perf);
  return out;
}

/**
 * Entries normalised per turn of the event loop. A 10,000-entry batch of 1 KiB entries takes 100-200 ms to
 * normalise (grouping and timing facts included); in one go it held every other request, `/healthz` too, for
 * that long (issue 9's flood). Batches up to this size, nearly all of them, never yield.
 */
export const NORMALIZE_SLICE = 500;

/** normalizeEntries for the request path: a large batch is normalised a slice per turn of the event loop. */
export async function normalizeEntriesInSlices(env: Envelope, project: Project, limits: Limits, now = Date.now(), grouping = true, perf = true): Promise<Normalized> {
  const out: Normalized = { rows: [], rejected: [], total: env.entries.length };
  for (let start = 0; start < env.entries.length; start += NORMALIZE_SLICE) {
    if (start > 0) await nextTurn();
    normalizeRange(env, start, Math.min(env.entries.length, start + NORMALIZE_SLICE), out, project, limits, now, grouping, perf);
  }
  return out;
}

function normalizeRange(env: Envelope, from: number, to: number, out: Normalized, project: Project, limits: Limits, now: number, grouping: boolean, perf: boolean): void {
  for (let index = from; index < to; index++) {
    try {
      out.rows.push(normalizeEntry(env.entries[index], env, project, limits, now, grouping, perf));
    } catch (problem) {
      if (!(problem instanceof EntryProblem)) throw problem;
      out.rejected.push({ index, code: problem.code, reason: problem.reason });
    }
  }
}

function normalizeEntry(entry: unknown, env: Envelope, project: Project, limits: Limits, now: number, grouping: boolean, perf: boolean): LogRow {
  if (entry instanceof UnreadableLine) throw new EntryProblem('invalid_json', entry.reason);
  if (!isObject(entry)) throw new EntryProblem('invalid_entry', 'entry must be an object');
  const level = parseLevel(entry.level ?? entry.severity);
  if (!level) throw new EntryProblem('invalid_level', `unknown level ${JSON.stringify(entry.level ?? null)}: use TRACE, DEBUG, INFO, WARN, ERROR or FATAL`);
  const rawMessage = entry.message ?? entry.msg ?? entry.log; // `log`: Docker's and Fluent Bit's key
  if (typeof rawMessage !== 'string') throw new EntryProblem('invalid_message', 'message must be a string');
  let context: Record<string, unknown> = {};
  if (entry.context !== undefined && entry.context !== null) {
    if (!isObject(entry.context)) throw new EntryProblem('invalid_context', 'context must be a JSON object');
    if (depthOf(entry.context, limits.contextDepth) > limits.contextDepth) {
      throw new EntryProblem('context_too_deep', `context is nested deeper than ${limits.contextDepth} levels`);
    }
    context = entry.context;
  }
  let contextJson = JSON.stringify(context);
  // JSON.stringify escapes NUL and lone surrogates; only then is a cleaning pass needed.
  if (contextJson.includes('\\u0000') || /\\ud[89a-f]/i.test(contextJson)) {
    context = cleanDeep(context) as Record<string, unknown>;
    contextJson = JSON.stringify(context);
  }
  const messageText = clean(rawMessage);
  if (Buffer.byteLength(messageText) + Buffer.byteLength(contextJson) > limits.entryBytes) {
    throw new EntryProblem('entry_too_large', `entry is larger than ${limits.entryBytes} bytes (message plus context)`);
  }
  const { text: message, truncated } = truncateUtf8(messageText, limits.messageBytes);
  const rawTs = entry.timestamp ?? entry.time ?? entry.ts;
  const ts = parseTimestamp(rawTs);
  if (ts === 'invalid') throw new EntryProblem('invalid_timestamp', 'timestamp must be ISO 8601 or epoch seconds, milliseconds, microseconds or nanoseconds');
  let eventTs = ts ?? now;
  const extras: Record<string, unknown> = {};
  if (truncated) extras._truncated = true;
  const window = acceptedWindow(project, limits, now);
  if (eventTs > window.newest || eventTs < window.oldest) {
    // Too far ahead or too old to file under its own time (see acceptedWindow): receive time, value kept.
    extras._client_timestamp = rawTs;
    eventTs = now;
  }
  if (Object.keys(extras).length) contextJson = JSON.stringify({ ...context, ...extras });
  const service = shortField(entry.service ?? entry.service_name, 'service') ?? env.service;
  if (!service) throw new EntryProblem('missing_service', 'no service: give the entry a "service" field, or the request a ?service= query parameter');
  return {
    projectId: project.id,
    ts: eventTs,
    receivedAt: now,
    level,
    service,
    message,
    context: contextJson,
    environment: shortField(entry.environment, 'environment') ?? env.environment,
    version: shortField(entry.version, 'version') ?? env.version,
    host: shortField(entry.host, 'host') ?? env.host,
    traceId: shortField(entry.trace_id, 'trace_id'),
    spanId: shortField(entry.span_id, 'span_id'),
    // Grouped here, where the context is still an object: the stores write the group with the row.
    group: grouping ? groupLog({ level, service, message, context }) : null,
    // Mapped here too, once, whatever the convention (src/perf/conventions.ts): the stores aggregate the facts.
    perf: perf ? perfFacts(context) : null,
  };
}
