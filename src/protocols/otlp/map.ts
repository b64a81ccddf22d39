/**
 * An OTLP ExportLogsServiceRequest (decoded from protobuf or read from OTLP/JSON) to our ingest envelope, one
 * entry per log record in request order, so that a rejection's index is the record's position in the request.
 * The mapping is the table in docs/integrations/shippers.md, "OpenTelemetry (OTLP/HTTP)".
 */
import { parseLevel } from '../../ingest/levels.js';
import type { Level } from '../../store/types.js';
import { anyValue, idHex, isSet, keyValues, nanosTime, type AnyValueIn, type JsonValue, type KeyValueIn } from './values.js';

export interface LogRecordIn {
  timeUnixNano?: unknown;
  observedTimeUnixNano?: unknown;
  severityNumber?: number | string | null;
  severityText?: string | null;
  body?: AnyValueIn | null;
  attributes?: KeyValueIn[] | null;
  traceId?: Uint8Array | string | null;
  spanId?: Uint8Array | string | null;
  eventName?: string | null;
}

export interface ExportLogsRequestIn {
  resourceLogs?: Array<{
    resource?: { attributes?: KeyValueIn[] | null } | null;
    scopeLogs?: Array<{
      scope?: { name?: string | null; version?: string | null } | null;
      logRecords?: LogRecordIn[] | null;
    }> | null;
  }> | null;
}

export interface OtlpEntry {
  service: string;
  environment: string | null;
  version: string | null;
  host: string | null;
  level: Level;
  message: string;
  timestamp: number | string | null;
  context: Record<string, JsonValue>;
  trace_id: string | null;
  span_id: string | null;
}

export interface OtlpEnvelope {
  service_name: string;
  logs: OtlpEntry[];
}

/** OpenTelemetry's name for a resource without service.name (semantic conventions). */
export const UNKNOWN_SERVICE = 'unknown_service';

/** Resource attributes that become columns; the others go to every record's context. */
const RESOURCE_COLUMNS = ['service.name', 'service.version', 'deployment.environment.name', 'deployment.environment', 'host.name'];

// SeverityNumber ranges of the OTLP logs data model: 1-4 TRACE ... 21-24 FATAL.
const BY_SEVERITY: Level[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

function severityNumber(v: number | string | null | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return 0;
  // Protobuf JSON also allows an enum's name ("SEVERITY_NUMBER_WARN2") where OTLP/JSON sends its number.
  const m = /^SEVERITY_NUMBER_(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)([234])?$/.exec(v);
  if (!m) return Number(v) || 0;
  return BY_SEVERITY.indexOf(m[1] as Level) * 4 + Number(m[2] ?? 1);
}

/** The level from severityNumber, else severityText (our aliases), else INFO: a record without one is not refused. */
export function levelOf(record: LogRecordIn): { level: Level; unknownText: string | null } {
  const n = severityNumber(record.severityNumber);
  if (n >= 1 && n <= 24) return { level: BY_SEVERITY[Math.floor((n - 1) / 4)]!, unknownText: null };
  const text = record.severityText || null;
  const level = parseLevel(text);
  return level ? { level, unknownText: null } : { level: 'INFO', unknownText: text };
}

/** The body as the message: strings as they are, other values as JSON, none as the event name or "". */
function messageOf(record: LogRecordIn): string {
  const body = record.body;
  if (body && isSet(body, 'stringValue')) return body.stringValue;
  const value = anyValue(body);
  if (value === null) return record.eventName || '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function text(v: JsonValue | undefined): string | null {
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

interface ResourceColumns {
  service: string;
  environment: string | null;
  version: string | null;
  host: string | null;
  attributes: Record<string, JsonValue>;
}

function resourceColumns(attributes: KeyValueIn[] | null | undefined): ResourceColumns {
  const all = keyValues(attributes);
  const columns = {
    service: text(all['service.name']) ?? UNKNOWN_SERVICE,
    version: text(all['service.version']),
    // deployment.environment.name since semantic conventions 1.27; deployment.environment before.
    environment: text(all['deployment.environment.name']) ?? text(all['deployment.environment']),
    host: text(all['host.name']),
  };
  for (const key of RESOURCE_COLUMNS) delete all[key];
  return { ...columns, attributes: all };
}

/** Counts the log records of a request (what partial success reports against). */
export function countRecords(req: ExportLogsRequestIn): number {
  let n = 0;
  for (const rl of req.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) n += sl.logRecords?.length ?? 0;
  return n;
}

/** The request as our envelope; `logs` is empty when the request holds no record (valid in OTLP). */
export function toEnvelope(req: ExportLogsRequestIn): OtlpEnvelope {
  const logs: OtlpEntry[] = [];
  for (const rl of req.resourceLogs ?? []) {
    const resource = resourceColumns(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = sl.scope?.name || null;
      for (const record of sl.logRecords ?? []) {
        const context: Record<string, JsonValue> = { ...resource.attributes };
        if (scope) context['otel.scope.name'] = scope;
        if (record.eventName) context['event.name'] = record.eventName;
        const { level, unknownText } = levelOf(record);
        if (unknownText) context['otel.severity_text'] = unknownText;
        keyValues(record.attributes, context); // the record's own attributes win over the resource's
        logs.push({
          service: resource.service,
          environment: resource.environment,
          version: resource.version,
          host: resource.host,
          level,
          message: messageOf(record),
          timestamp: nanosTime(record.timeUnixNano) ?? nanosTime(record.observedTimeUnixNano),
          context,
          trace_id: idHex(record.traceId, 16),
          span_id: idHex(record.spanId, 8),
        });
      }
    }
  }
  return { service_name: logs[0]?.service ?? UNKNOWN_SERVICE, logs };
}
