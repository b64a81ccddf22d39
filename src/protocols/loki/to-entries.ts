/**
 * Loki streams → entries of our ingest envelope, one per line, each with its place (stream, line) so that a
 * refusal can be named in Loki's own terms. The mapping table is in docs/integrations/shippers.md.
 */
import { toLog, type OutgoingLog } from '../../cli/log-line.js';
import { parseLevel } from '../../ingest/levels.js';
import type { Level } from '../../store/types.js';
import type { LokiLine, LokiStream } from './streams.js';

/** Labels that name the service, in order: the four, then the rest of Loki's own service_name discovery. */
const SERVICE_LABELS = ['service_name', 'service', 'app', 'job', 'application', 'app_kubernetes_io_name', 'container', 'container_name', 'component', 'workload'];
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'];
const ENVIRONMENT_LABELS = ['environment', 'env', 'deployment_environment', 'deployment_environment_name'];
const VERSION_LABELS = ['version', 'service_version'];
const HOST_LABELS = ['host', 'hostname', 'host_name'];
const TRACE_KEYS = ['trace_id', 'traceID', 'traceId'];
const SPAN_KEYS = ['span_id', 'spanID', 'spanId'];
/** Loki's own name for a stream whose labels name no service. */
export const UNKNOWN_SERVICE = 'unknown_service';
const NO_TIME = '\u0000';

export interface Place {
  stream: number;
  line: number;
}

export interface LokiEntries {
  /** Entries in our envelope's shape (`service` set on each). */
  logs: Array<Record<string, unknown>>;
  /** places[i] is where logs[i] came from. */
  places: Place[];
  /** Lines refused before ingest (malformed), with their place. */
  refused: Array<Place & { reason: string }>;
  total: number;
}

/** Takes the first of `keys` found in `from` out of `rest`; its value. */
function take(from: Record<string, string>, rest: Record<string, unknown>, keys: string[], accept: (v: string) => boolean = Boolean): string | undefined {
  for (const key of keys) {
    const value = from[key];
    if (value !== undefined && accept(value)) {
      delete rest[key];
      return value;
    }
  }
  return undefined;
}

function assign(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Fluent Bit's `loki` output sends a record as a JSON line whose text is in `log` (Docker, Kubernetes and tail
 * inputs): that text is the message, and its level is read from it when nothing else named one.
 */
function fluentBitRecord(parsed: OutgoingLog, labelLevel: Level | null): OutgoingLog {
  const log = parsed.context?.log;
  if (typeof log !== 'string' || !parsed.message.startsWith('{')) return parsed;
  const { log: _text, ...context } = parsed.context!;
  const inner = toLog(log.replace(/\r?\n$/, ''), labelLevel ?? parsed.level, NO_TIME);
  return { ...inner, timestamp: parsed.timestamp, context: { ...context, ...inner.context } };
}

function entryOf(labels: Record<string, string>, l: LokiLine): Record<string, unknown> {
  const both = { ...labels, ...l.metadata };
  const rest: Record<string, unknown> = {};
  assign(rest, both);
  const service = take(both, rest, SERVICE_LABELS) ?? UNKNOWN_SERVICE;
  const labelLevel = parseLevel(take(both, rest, LEVEL_LABELS, (v) => parseLevel(v) !== null));
  const environment = take(both, rest, ENVIRONMENT_LABELS);
  const version = take(both, rest, VERSION_LABELS);
  const host = take(both, rest, HOST_LABELS);
  const traceId = take(both, rest, TRACE_KEYS);
  const spanId = take(both, rest, SPAN_KEYS);
  // A JSON line (pino, structlog, slog...) is read like `devsmith send` reads one: its message, level and fields.
  const parsed = fluentBitRecord(toLog(l.line.replace(/\r?\n$/, ''), labelLevel ?? 'INFO', NO_TIME), labelLevel);
  const context: Record<string, unknown> = {};
  assign(context, parsed.context ?? {});
  if (parsed.timestamp !== NO_TIME) context.time = parsed.timestamp; // Loki's entry time wins; the line's is kept
  assign(context, rest);
  return {
    timestamp: l.ts,
    level: labelLevel ?? parsed.level,
    message: parsed.message,
    service,
    ...(Object.keys(context).length ? { context } : {}),
    ...(environment ? { environment } : {}),
    ...(version ? { version } : {}),
    ...(host ? { host } : {}),
    ...(traceId ?? parsed.trace_id ? { trace_id: traceId ?? parsed.trace_id } : {}),
    ...(spanId ?? parsed.span_id ? { span_id: spanId ?? parsed.span_id } : {}),
  };
}

/** Every line of every stream, in order. */
export function lokiEntries(streams: LokiStream[]): LokiEntries {
  const out: LokiEntries = { logs: [], places: [], refused: [], total: 0 };
  streams.forEach((s, stream) => {
    s.lines.forEach((l, line) => {
      out.total++;
      if ('refused' in l) out.refused.push({ stream, line, reason: l.refused });
      else {
        out.logs.push(entryOf(s.labels, l));
        out.places.push({ stream, line });
      }
    });
  });
  return out;
}
