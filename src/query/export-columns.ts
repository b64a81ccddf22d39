/** The CSV export's columns: the fixed fields of a log, and any context path as `ctx.a.b`. */
import { AppError } from '../errors.js';
import type { StoredLog } from '../store/types.js';

/** One cell's text from a stored log and its project's slug. */
export type Getter = (l: StoredLog, project: string) => string;

export const DEFAULT_CSV_COLUMNS = ['timestamp', 'level', 'project', 'service', 'message', 'context'];
const FIELD_NAMES = ['id', 'timestamp', 'received_at', 'level', 'project', 'project_id', 'service', 'message', 'environment', 'version', 'host', 'trace_id', 'span_id', 'context'];
const MAX_COLUMNS = 100;
const CTX_PATH = /^ctx\.[A-Za-z0-9_\-@$]+(\.[A-Za-z0-9_\-@$]+)*$/;

/**
 * ISO 8601 UTC like Date#toISOString, remembering the last second it formatted: an export's rows come in time
 * order, many to a second, and a Date per row was the largest single cost of encoding them.
 */
export class IsoTimes {
  private second = Number.NaN;
  private prefix = '';
  format(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      const iso = new Date(second * 1000).toISOString(); // ...T10:00:00.000Z, or +010000-01-01T... past 9999
      this.second = second;
      this.prefix = iso.slice(0, -4);
    }
    const milli = ms - second * 1000;
    return `${this.prefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }
}

/** `columns=a,b,ctx.c` into a list, checked by `columnGetters`; the default when absent. */
export function parseColumns(raw: string | undefined): string[] {
  if (raw === undefined) return DEFAULT_CSV_COLUMNS;
  const columns = raw.split(',').map((c) => c.trim()).filter(Boolean);
  if (!columns.length) throw new AppError('VALIDATION_FAILED', 'columns must name at least one column, e.g. columns=timestamp,level,message');
  if (columns.length > MAX_COLUMNS) throw new AppError('VALIDATION_FAILED', `columns may name at most ${MAX_COLUMNS} columns`);
  return columns;
}

/** The value at a dotted context path as text: strings as they are, other values as JSON, missing or null as ''. */
function contextValue(context: Record<string, unknown>, path: readonly string[]): string {
  let cur: unknown = context;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, seg)) return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === null || cur === undefined) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

/** A getter per column, for one export (they keep a little state: the last second, the last parsed context). */
export function columnGetters(columns: readonly string[]): Getter[] {
  const times = new IsoTimes();
  const received = new IsoTimes();
  const orEmpty = (v: string | null) => v ?? '';
  // A Map: a column name comes from the query string and must not find Object.prototype ("constructor").
  const fields = new Map<string, Getter>([
    ['id', (l) => l.id],
    ['timestamp', (l) => times.format(l.ts)],
    ['received_at', (l) => received.format(l.receivedAt)],
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
    ['context', (l) => l.context],
  ]);
  // Several ctx.* columns read the same row's context: it is parsed once per row.
  let lastRow: StoredLog | null = null;
  let lastContext: Record<string, unknown> = {};
  const parsed = (l: StoredLog) => {
    if (l !== lastRow) {
      lastContext = JSON.parse(l.context) as Record<string, unknown>;
      lastRow = l;
    }
    return lastContext;
  };
  return columns.map((column): Getter => {
    const field = fields.get(column);
    if (field) return field;
    if (CTX_PATH.test(column) && column.length <= 200) {
      const path = column.slice(4).split('.');
      return (l) => contextValue(parsed(l), path);
    }
    throw new AppError('VALIDATION_FAILED', `unknown column "${column.slice(0, 80)}": use ${FIELD_NAMES.join(', ')} or a context path like ctx.http.status`);
  });
}
