/**
 * Which rows a pattern run reads. Up to `maxRows` matching rows it reads them all; past it, it reads a
 * stratified sample: the range is cut into time strata (the store's histogram gives each stratum's count at
 * once), each stratum gives the newest rows up to its share of `maxRows`, and each row read stands for
 * `stratum count / rows read` rows. Counts are then estimates; `sampleRate` = rows read / rows matching.
 */
import { parseInterval } from '../../query/params.js';
import type { LogFilter, Store, StoredLog } from '../../store/types.js';

export const DEFAULT_MAX_ROWS = 200_000;
const PAGE = 5_000;
const STRATA = 48;

export interface Stratum {
  from: number;
  to: number;
  count: number;
}

/** Calls `visit(row, weight)` for every row read; returns the rows read and matching. */
export async function readSample(
  store: Store,
  filter: LogFilter & { from: number; to: number },
  maxRows: number,
  visit: (row: StoredLog, weight: number) => void,
): Promise<{ scanned: number; matched: number }> {
  const strata = await strataOf(store, filter);
  const matched = strata.reduce((n, s) => n + s.count, 0);
  if (matched <= maxRows) {
    const scanned = await readRows(store, filter, Infinity, (r) => visit(r, 1));
    return { scanned, matched: Math.max(matched, scanned) };
  }
  let scanned = 0;
  for (const s of strata) {
    if (!s.count) continue;
    const quota = Math.max(1, Math.round((maxRows * s.count) / matched));
    const rows: StoredLog[] = [];
    await readRows(store, { ...filter, from: s.from, to: s.to }, quota, (r) => rows.push(r));
    const weight = rows.length ? s.count / rows.length : 0;
    for (const r of rows) visit(r, weight);
    scanned += rows.length;
  }
  return { scanned, matched };
}

/** The range cut into about STRATA buckets with their counts (the histogram, clipped to the range). */
export async function strataOf(store: Store, filter: LogFilter & { from: number; to: number }): Promise<Stratum[]> {
  const interval = parseInterval(undefined, filter.to - filter.from, STRATA);
  const buckets = await store.histogram(filter, interval);
  return buckets.map((b) => ({
    from: Math.max(filter.from, b.ts),
    to: Math.min(filter.to, b.ts + interval),
    count: Object.values(b.counts).reduce((n, c) => n + (c ?? 0), 0),
  }));
}

/** Newest first, page by page, up to `limit` rows. */
async function readRows(store: Store, filter: LogFilter, limit: number, visit: (row: StoredLog) => void): Promise<number> {
  let read = 0;
  let cursor: { ts: number; id: string } | undefined;
  while (read < limit) {
    const page = await store.scanLogs({ ...filter, limit: Math.min(PAGE, limit - read), ...(cursor ? { cursor } : {}) });
    for (const r of page.rows) visit(r);
    read += page.rows.length;
    if (!page.next || !page.rows.length) break;
    cursor = page.next;
  }
  return read;
}
