/**
 * One Elasticsearch document → one entry of our ingest envelope. The fields read are those the shippers write:
 * ECS (Filebeat, Logstash in ECS mode, Elastic agents), Fluent Bit's `es` output (`log`, `kubernetes.*`,
 * `@timestamp`) and Vector's `elasticsearch` sink. The table is in docs/integrations/shippers.md.
 */
import { toLog } from '../../cli/log-line.js';
import { parseLevel } from '../../ingest/levels.js';
import { takeString } from './fields.js';

/** Fields that name the service and are taken out of the document. */
const SERVICE_FIELDS = ['service.name', 'service', 'service_name', 'app', 'fields.service'];
/** Fields that name the service but stay in the context (they describe more than the service). */
const SERVICE_HINTS = ['kubernetes.labels.app', 'kubernetes.labels.app_kubernetes_io/name', 'kubernetes.container_name', 'container.name', 'container_name'];
const LEVEL_FIELDS = ['log.level', 'level', 'severity', 'levelname', 'log_level', 'loglevel', 'severity_text'];
const MESSAGE_FIELDS = ['message', 'log', 'msg'];
const TIME_FIELDS = ['@timestamp', 'timestamp', 'time', 'ts'];
const ENVIRONMENT_FIELDS = ['service.environment', 'deployment.environment', 'environment', 'env'];
const VERSION_FIELDS = ['service.version', 'version'];
const HOST_FIELDS = ['host.name', 'host.hostname', 'hostname', 'host'];
const TRACE_FIELDS = ['trace.id', 'trace_id', 'traceId'];
const SPAN_FIELDS = ['span.id', 'span_id', 'spanId'];
const NO_TIME = '\u0000';

/**
 * The service an index name stands for: the name without what index patterns append per day, month or
 * version (`logstash-2026.12.02`, `app-logs-2026-12`, `filebeat-8.11.0`, `logs-000001`).
 * @example serviceOfIndex('logs-2026.12.02') // 'logs'
 */
export function serviceOfIndex(index: string): string {
  let name = index.trim();
  for (const suffix of [/[-_.]\d{4}([-_./]\d{1,2}){0,2}$/, /[-_]\d{6}$/, /[-_]v?\d+\.\d+\.\d+$/]) {
    const stripped = name.replace(suffix, '');
    if (stripped) name = stripped;
  }
  return name;
}

export type DocumentEntry = { entry: Record<string, unknown> } | { refused: string };

/** `doc` is consumed (its mapped fields removed; the rest becomes the context). */
export function entryOfDocument(doc: Record<string, unknown>, index: string | null): DocumentEntry {
  const service = takeString(doc, SERVICE_FIELDS) ?? takeString(doc, SERVICE_HINTS, { consume: false }) ?? (index ? serviceOfIndex(index) : undefined);
  if (!service) return { refused: 'no index and no service field: name the index in the URL or the action, or set "service" in the document' };
  const level = parseLevel(takeString(doc, LEVEL_FIELDS, { accept: (v) => parseLevel(v) !== null }));
  const timestamp = takeString(doc, TIME_FIELDS);
  const environment = takeString(doc, ENVIRONMENT_FIELDS);
  const version = takeString(doc, VERSION_FIELDS);
  const host = takeString(doc, HOST_FIELDS);
  const traceId = takeString(doc, TRACE_FIELDS);
  const spanId = takeString(doc, SPAN_FIELDS);
  const text = takeString(doc, MESSAGE_FIELDS, { accept: () => true });
  // The text may itself be a JSON line (an app's stdout through Docker or Kubernetes): read like `devsmith send`.
  const parsed = text === undefined ? null : toLog(text.replace(/\r?\n$/, ''), level ?? 'INFO', NO_TIME);
  const context: Record<string, unknown> = { ...parsed?.context };
  if (parsed && parsed.timestamp !== NO_TIME) context.time = parsed.timestamp;
  for (const [k, v] of Object.entries(doc)) Object.defineProperty(context, k, { value: v, enumerable: true, writable: true, configurable: true });
  const entry: Record<string, unknown> = {
    service,
    level: level ?? parsed?.level ?? 'INFO',
    // A document with no text field is kept whole as its message: nothing sent is lost.
    message: parsed ? parsed.message : JSON.stringify(doc),
    timestamp,
  };
  if (Object.keys(context).length) entry.context = context;
  if (environment) entry.environment = environment;
  if (version) entry.version = version;
  if (host) entry.host = host;
  const trace = traceId ?? parsed?.trace_id;
  const span = spanId ?? parsed?.span_id;
  if (trace) entry.trace_id = trace;
  if (span) entry.span_id = span;
  return { entry };
}

