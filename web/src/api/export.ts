/**
 * Export of the current query, streamed: the body is read chunk by chunk (fetch + ReadableStream) so
 * progress (rows, bytes, of X-Total-Count when the server sends it) shows while it arrives, then saved
 * as a file. Cancelling aborts the request, which stops the server's cursor too.
 */
import { safeJson, toApiError } from './client';

export type ExportFormat = 'ndjson' | 'csv';

export interface ExportProgress {
  rows: number;
  bytes: number;
  total: number | null;
}

/**
 * Counts records in a stream of bytes: NDJSON lines, or CSV rows (a newline inside a quoted field is
 * part of the value, RFC 4180; the header row is not counted).
 */
export class RecordCounter {
  private inQuotes = false;
  private lines = 0;

  constructor(private readonly format: ExportFormat) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22 && this.format === 'csv') this.inQuotes = !this.inQuotes;
      else if (byte === 0x0a && !this.inQuotes) this.lines++;
    }
  }

  get records(): number {
    return this.format === 'csv' ? Math.max(0, this.lines - 1) : this.lines;
  }
}

function filenameOf(response: Response, format: ExportFormat): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  if (match) return match[1];
  return `logs-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.${format}`;
}

export async function fetchExport(
  url: string,
  format: ExportFormat,
  onProgress: (progress: ExportProgress) => void,
  signal: AbortSignal,
): Promise<{ blob: Blob; filename: string }> {
  const response = await fetch(url, { credentials: 'same-origin', signal, headers: { accept: 'application/x-ndjson, text/csv, application/json' } });
  if (!response.ok) throw toApiError(response.status, safeJson(await response.text()));
  const totalHeader = response.headers.get('x-total-count');
  const total = totalHeader && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
  const counter = new RecordCounter(format);
  const parts: Uint8Array[] = [];
  let bytes = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.length;
    counter.push(value);
    onProgress({ rows: counter.records, bytes, total });
  }
  const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  return { blob: new Blob(parts as BlobPart[], { type }), filename: filenameOf(response, format) };
}

/** Hands a Blob to the browser as a download (an anchor with `download`, no inline script). */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = filename;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
