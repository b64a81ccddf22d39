/**
 * The two encodings of a Loki push, read into one shape: JSON (`{"streams":[{"stream":{labels},"values":
 * [["<epoch ns>","line",{structured metadata}?]]}]}`, and the older `{"labels":"{...}","entries":[{"ts","line"}]}`
 * form) and protobuf (logproto.PushRequest, Snappy-compressed). A malformed request throws; a malformed stream
 * or line is kept as a refusal with its place, so the other lines are still stored.
 */
import { AppError } from '../../errors.js';
import { parseLabels } from './labels.js';

export interface LokiLine {
  /** Epoch nanoseconds as a decimal string, or an ISO 8601 time (older JSON pushes). */
  ts: string;
  line: string;
  metadata: Record<string, string>;
}

export interface LokiStream {
  labels: Record<string, string>;
  lines: Array<LokiLine | { refused: string }>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new Error(`${what} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`${what} "${k}" must be a string`);
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function jsonValue(value: unknown): LokiLine | { refused: string } {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return { refused: 'a value must be ["<epoch nanoseconds>", "<line>"] or with structured metadata as a third member' };
  const [ts, line, metadata] = value as unknown[];
  if (typeof ts !== 'string' || !/^\d{1,20}$/.test(ts)) return { refused: 'the timestamp must be a string of epoch nanoseconds' };
  if (typeof line !== 'string') return { refused: 'the log line must be a string' };
  try {
    return { ts, line, metadata: stringMap(metadata, 'structured metadata') };
  } catch (err) {
    return { refused: (err as Error).message };
  }
}

function legacyEntry(value: unknown): LokiLine | { refused: string } {
  if (!isObject(value) || typeof value.line !== 'string') return { refused: 'an entry must be {"ts": "<time>", "line": "<line>"}' };
  if (typeof value.ts !== 'string' && typeof value.ts !== 'number') return { refused: 'an entry needs a "ts"' };
  return { ts: String(value.ts), line: value.line, metadata: {} };
}

/** Streams of a JSON push body (already parsed). */
export function streamsFromJson(body: unknown): LokiStream[] {
  if (!isObject(body) || !Array.isArray(body.streams)) throw new AppError('BAD_REQUEST', 'The body must be {"streams": [...]} (Loki push format)');
  return body.streams.map((s, i): LokiStream => {
    if (!isObject(s)) return { labels: {}, lines: [{ refused: `stream ${i} is not an object` }] };
    try {
      if (Array.isArray(s.values)) return { labels: stringMap(s.stream, 'stream label'), lines: s.values.map(jsonValue) };
      if (Array.isArray(s.entries) && typeof s.labels === 'string') return { labels: parseLabels(s.labels), lines: s.entries.map(legacyEntry) };
      return { labels: {}, lines: [{ refused: `stream ${i} has no "values" array` }] };
    } catch (err) {
      const count = Array.isArray(s.values) ? s.values.length : Array.isArray(s.entries) ? s.entries.length : 1;
      return { labels: {}, lines: Array.from({ length: Math.max(count, 1) }, () => ({ refused: (err as Error).message })) };
    }
  });
}
