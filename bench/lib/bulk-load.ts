/**
 * Loads N generated logs into one project through the Store's bulk path (`insertLogs`), spread over the
 * last `days` days in arrival order, as a real stream of logs would be: timestamps a little jittered and
 * about 1 % arriving late (up to 10 minutes old), so time order and id order are close but not equal.
 */
import Database from 'better-sqlite3';
import type { Store } from '../../src/store/types.js';
import { fmt } from './args.js';
import { rng, rows as genRows } from './logs.js';

export async function bulkLoad(store: Store, projectId: number, n: number, days = 7, chunk = 50_000): Promise<number> {
  const r = rng(2024);
  const end = Date.now() - 60_000;
  const start = end - days * 86_400_000;
  const step = (end - start) / n;
  const t0 = performance.now();
  let lastReport = t0;
  for (let done = 0; done < n; done += chunk) {
    const count = Math.min(chunk, n - done);
    const tsOf = (i: number) => {
      const base = start + (done + i) * step;
      const late = r() < 0.01 ? r() * 600_000 : 0;
      return Math.round(base - late + (r() - 0.5) * 2000);
    };
    await store.insertLogs(genRows(r, projectId, count, tsOf));
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      const rate = (done + count) / ((lastReport - t0) / 1000);
      process.stdout.write(`  loaded ${fmt(done + count)} of ${fmt(n)} (${fmt(rate)} rows/s)\n`);
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

/** SQLite: waits until the asynchronous FTS indexer has caught up with the last row; returns the wait in ms. */
export async function waitForSqliteFts(dbPath: string, timeoutMs = 30 * 60_000): Promise<number> {
  const db = new Database(dbPath, { readonly: true });
  const t0 = performance.now();
  try {
    for (;;) {
      const upto = (db.prepare("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'fts_indexed_upto'").get() as { v: number }).v;
      const max = (db.prepare('SELECT COALESCE(MAX(id), 0) AS v FROM logs').get() as { v: number }).v;
      if (upto >= max) return performance.now() - t0;
      if (performance.now() - t0 > timeoutMs) throw new Error(`FTS index still at ${upto} of ${max}`);
      await new Promise((res) => setTimeout(res, 500));
    }
  } finally {
    db.close();
  }
}
