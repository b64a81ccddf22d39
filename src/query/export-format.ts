/** How an exported log is written: one NDJSON line, or one CSV record of chosen columns. */
import { AppError } from '../server/errors.js';
import type { LogEntry } from '../store/types.js';
import { csvRow } from './csv.js';

export type ExportFormat = 'ndjson' | 'csv';

/** Writes a page of logs; `project` is the slug of each log's project. */
export interface ExportEncoder {
  contentType: string;
  extension: string;
  /** What comes before the first log (the CSV header), or ''. */
  head: string;
  encode(logs: readonly LogEntry[], slugOf: (projectId: number) => string): string;
}

type Getter = (l: LogEntry, project: string) => string;
const orEmpty = (v: string | null) => v ?? '';

// A Map: a column name comes from the query string and must not find Object.prototype ("constructor").
const FIELDS = new Map<string, Getter>([
  ['id', (l) => l.id],
  ['timestamp', (l) => l.timestamp],
  ['received_at', (l) => l.receivedAt],
  ['level', (l) => l.level],
  ['project', (_, p) => p],
  ['project_id', (l) => String(l.projectId)],
  ['service', (l) => l.service],
  ['message', (l) => l.message],
  ['environment', (l) => orEmpty(l.environment)],
  ['version', (l) => orEmpty(l.version)],
  ['host', (l) => orEmpty(l.host)],
  ['trace_id', (l) => orEmpty(l.traceId)],
  ['span_id', (l) => orEmpty(l.spanId)],
  ['context', (l) => JSON.stringify(l.context)],
]);

export const DEFAULT_CSV_COLUMNS = ['timestamp', 'level', 'project', 'service', 'message', 'context'];
const MAX_COLUMNS = 100;
const CTX_PATH = /^ctx\.[A-Za-z0-9_\-@$]+(\.[A-Za-z0-9_\-@$]+)*$/;

/** The value at a dotted context path as CSV text: strings as they are, other values as JSON, missing as ''. */
function contextValue(context: Record<string, unknown>, path: readonly string[]): string {
  let cur: unknown = context;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, seg)) return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === null || cur === undefined) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

function getterFor(column: string): Getter {
  const field = FIELDS.get(column);
  if (field) return field;
  if (CTX_PATH.test(column) && column.length <= 200) {
    const path = column.slice(4).split('.');
    return (l) => contextValue(l.context, path);
  }
  throw new AppError(
    'VALIDATION_FAILED',
    `unknown column "${column.slice(0, 80)}": use ${[...FIELDS.keys()].join(', ')} or a context path like ctx.http.status`,
  );
}

/** `columns=a,b,ctx.c` (CSV only) into a list, checked; the default when absent. */
export function parseColumns(raw: string | undefined): string[] {
  if (raw === undefined) return DEFAULT_CSV_COLUMNS;
  const columns = raw.split(',').map((c) => c.trim()).filter(Boolean);
  if (!columns.length) throw new AppError('VALIDATION_FAILED', 'columns must name at least one column, e.g. columns=timestamp,level,message');
  if (columns.length > MAX_COLUMNS) throw new AppError('VALIDATION_FAILED', `columns may name at most ${MAX_COLUMNS} columns`);
  return columns;
}

function csvEncoder(columns: readonly string[]): ExportEncoder {
  const getters = columns.map(getterFor);
  const cells: string[] = new Array<string>(getters.length);
  return {
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    head: csvRow(columns),
    encode(logs, slugOf) {
      let out = '';
      for (const l of logs) {
        const project = slugOf(l.projectId);
        for (let i = 0; i < getters.length; i++) cells[i] = getters[i]!(l, project);
        out += csvRow(cells);
      }
      return out;
    },
  };
}

const ndjsonEncoder: ExportEncoder = {
  contentType: 'application/x-ndjson; charset=utf-8',
  extension: 'ndjson',
  head: '',
  encode(logs, slugOf) {
    let out = '';
    for (const l of logs) {
      out += JSON.stringify({
        id: l.id,
        project: slugOf(l.projectId),
        project_id: l.projectId,
        timestamp: l.timestamp,
        received_at: l.receivedAt,
        level: l.level,
        service: l.service,
        message: l.message,
        context: l.context,
        environment: l.environment,
        version: l.version,
        host: l.host,
        trace_id: l.traceId,
        span_id: l.spanId,
      });
      out += '\n';
    }
    return out;
  },
};

export function encoderFor(format: ExportFormat, columns: string | undefined): ExportEncoder {
  if (format === 'ndjson') {
    if (columns !== undefined) throw new AppError('VALIDATION_FAILED', 'columns applies to format=csv only: an NDJSON line carries every field');
    return ndjsonEncoder;
  }
  return csvEncoder(parseColumns(columns));
}
