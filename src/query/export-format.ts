/** How exported logs are written: one NDJSON line each, or one CSV record of chosen columns. */
import { AppError } from '../errors.js';
import type { StoredLog } from '../store/types.js';
import { columnGetters, IsoTimes, parseColumns } from './export-columns.js';
import { csvRow } from './csv.js';

export type ExportFormat = 'ndjson' | 'csv';

export interface ExportEncoder {
  contentType: string;
  extension: string;
  /** What comes before the first log (the CSV header), or ''. */
  head: string;
  /** A page of logs as text; `slugOf` names each log's project. */
  encode(logs: readonly StoredLog[], slugOf: (projectId: number) => string): string;
}

function csvEncoder(columns: readonly string[]): ExportEncoder {
  const getters = columnGetters(columns);
  const cells = new Array<string>(getters.length);
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

const json = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * Lines built as text in the list API's field order (plus `project`, the slug): the context is stored as
 * compact JSON already, and an object per row would only be serialised again.
 */
function ndjsonEncoder(): ExportEncoder {
  const times = new IsoTimes();
  const received = new IsoTimes();
  return {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'ndjson',
    head: '',
    encode(logs, slugOf) {
      let out = '';
      for (const l of logs) {
        out +=
          `{"id":"${l.id}","project":${JSON.stringify(slugOf(l.projectId))},"project_id":${l.projectId},` +
          `"timestamp":"${times.format(l.ts)}","received_at":"${received.format(l.receivedAt)}","level":"${l.level}",` +
          `"service":${JSON.stringify(l.service)},"message":${JSON.stringify(l.message)},"context":${l.context},` +
          `"environment":${json(l.environment)},"version":${json(l.version)},"host":${json(l.host)},` +
          `"trace_id":${json(l.traceId)},"span_id":${json(l.spanId)}}\n`;
      }
      return out;
    },
  };
}

export function encoderFor(format: ExportFormat, columns: string | undefined): ExportEncoder {
  if (format === 'ndjson') {
    if (columns !== undefined) throw new AppError('VALIDATION_FAILED', 'columns applies to format=csv only: an NDJSON line carries every field');
    return ndjsonEncoder();
  }
  return csvEncoder(parseColumns(columns));
}
