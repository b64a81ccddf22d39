/**
 * Export of every log matching the shared filters (the list's, `q` included), newest first, as NDJSON or CSV.
 * The body is produced page by page through the store's keyset cursor, one page read ahead of the one being
 * written, and no further until the consumer takes the chunks: memory stays flat however many logs match, and
 * a consumer that stops asking (a slow or vanished client) stops the reading.
 */
import type { LogCursor, LogFilter, Store, StoredLog, StoredLogPage, User } from '../store/types.js';
import { StoreUnavailableError } from '../store/types.js';
import { encoderFor, type ExportEncoder, type ExportFormat } from './export-format.js';
import type { LogQueries } from './logs.js';
import type { QueryString } from './params.js';

export type { ExportFormat } from './export-format.js';

/**
 * Rows read per store query. A page stays alive while it is encoded (and the next one is read meanwhile), so
 * its rows outlive V8's young-generation collections and get copied, then promoted: PostgreSQL, 300k logs,
 * scavenges took 2.5 s with pages of 2000 (RSS +90 MB), 0.9 s with 1000, 0.4 s with 500 (RSS +3 MB either).
 * But each page costs PostgreSQL two queries: with 500, its backend spent 3.4–4.7 µs per log, with 1000
 * 2.6–3.2, and the server less too (docs/benchmarks.md).
 */
export const EXPORT_PAGE_SIZE = 1000;
/** Logs per chunk of text written. */
const CHUNK_ROWS = 100;

export interface ExportRequest {
  format: ExportFormat;
  /** CSV only: comma-separated columns (see export-format.ts). */
  columns?: string;
  /** At most this many logs (the newest). */
  limit?: number;
}

export interface PreparedExport {
  /** Matching logs when the export began, capped by the limit: for progress, approximate (see docs/api.md). */
  total: number;
  filename: string;
  contentType: string;
  /** The body in chunks of up to 100 logs; the next page is read while the chunks of the last one are taken. */
  chunks: AsyncGenerator<string, void, undefined>;
}

/** `a <= b` for decimal log ids without leading zeros (64-bit on PostgreSQL: beyond a double's precision). */
function idAtMost(a: string, b: string): boolean {
  return a.length < b.length || (a.length === b.length && a <= b);
}

/** `20261120T100000Z`: sorts, and is safe in a file name on every system. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

interface Plan {
  filter: LogFilter | null;
  upto: string;
  limit: number;
  pageSize: number;
  encoder: ExportEncoder;
  slugs: Map<number, string>;
}

/** Starts reading a page; a failure is kept for when the page is awaited (not an unhandled rejection meanwhile). */
function reading(store: Store, filter: LogFilter, limit: number, cursor: LogCursor | undefined): Promise<StoredLogPage> {
  const page = store.scanLogs({ ...filter, limit, cursor });
  page.catch(() => {});
  return page;
}

async function* body(store: Store, plan: Plan): AsyncGenerator<string, void, undefined> {
  const { filter, upto, encoder, slugs } = plan;
  if (encoder.head) yield encoder.head;
  if (!filter) return;
  const slugOf = (id: number) => slugs.get(id) ?? String(id);
  let left = plan.limit;
  let pending = reading(store, filter, Math.min(plan.pageSize, left), undefined);
  while (left > 0) {
    const page = await pending;
    // Logs stored after the export began are left out: one with an old timestamp would land behind the cursor.
    let rows: StoredLog[] = page.rows.filter((l) => idAtMost(l.id, upto));
    if (rows.length > left) rows = rows.slice(0, left);
    left -= rows.length;
    // One page ahead: the database (PostgreSQL: its own process) reads the next page while this one is encoded.
    if (page.next && left > 0) pending = reading(store, filter, Math.min(plan.pageSize, left), page.next);
    // Text in slices of a few dozen kB: short-lived strings that die young, where a page's worth (1 MB) would
    // go to V8's large-object space and stay until a full collection (measured: +85 MB of RSS over 200k logs).
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield encoder.encode(rows.slice(i, i + CHUNK_ROWS), slugOf);
    if (!page.next) return;
  }
}

/**
 * Every log matching `filter` with an id up to `upto`, newest first, in the encoder's form: the export's own
 * body, which archives (src/archive) write to object storage so that an archived day reads like its export.
 */
export function exportBody(
  store: Store,
  filter: LogFilter,
  upto: string,
  encoder: ExportEncoder,
  slugs: Map<number, string>,
): AsyncGenerator<string, void, undefined> {
  return body(store, { filter, upto, limit: Number.POSITIVE_INFINITY, pageSize: EXPORT_PAGE_SIZE, encoder, slugs });
}

export class LogExports {
  constructor(
    private readonly store: Store,
    private readonly queries: LogQueries,
    private readonly pageSize = EXPORT_PAGE_SIZE,
  ) {}

  /** Checks the request and counts the matching logs; reading starts with the first chunk asked for. */
  async prepare(user: User, qs: QueryString, req: ExportRequest, now = Date.now()): Promise<PreparedExport> {
    const encoder = encoderFor(req.format, req.columns);
    const filter = await this.queries.filterFor(user, qs);
    const limit = req.limit ?? Number.POSITIVE_INFINITY;
    // The snapshot's bound is taken before the count, so that the count is never below what is exported.
    const upto = filter ? await this.store.maxLogId() : '0';
    const total = filter ? Math.min(await this.store.countLogs(filter), limit) : 0;
    const slugs = new Map<number, string>();
    for (const id of filter?.projectIds ?? []) {
      const project = await this.store.getProject(id);
      if (project) slugs.set(id, project.slug);
    }
    const name = slugs.size === 1 ? [...slugs.values()][0]! : 'logs';
    return {
      total,
      filename: `devsmith-${name}-${stamp(now)}.${encoder.extension}`,
      contentType: encoder.contentType,
      chunks: body(this.store, { filter, upto, limit, pageSize: this.pageSize, encoder, slugs }),
    };
  }
}

/**
 * What ends a body that failed after it began (the status line is long gone): NDJSON gets a last line
 * `{"error": {...}}` that no log line can look like; CSV has no such place, so only the aborted connection
 * tells (the caller closes it without the final chunk either way). Never the internals of the error.
 */
export function failureNotice(format: ExportFormat, err: unknown, requestId: string): string | null {
  if (format !== 'ndjson') return null;
  const code = err instanceof StoreUnavailableError ? 'STORE_UNAVAILABLE' : 'INTERNAL';
  const message = `the export stopped early (${code === 'STORE_UNAVAILABLE' ? 'the store became unavailable' : 'a server error'}): the lines above are incomplete; retry the export`;
  return `${JSON.stringify({ error: { code, message, request_id: requestId } })}\n`;
}
