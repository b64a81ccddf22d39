/**
 * Old logs as the server stores them. SQLite: every log of a closed store's file moved into compressed blocks
 * by the writer's own compactor. PostgreSQL: the days over by `now` moved into blocks.
 */
import { compactClosedDays } from '../../src/store/postgres/closed-days.js';
import { createDb } from '../../src/store/postgres/db.js';
import { ColdCompactor } from '../../src/store/sqlite/cold-writer.js';
import { closeConnection, openConnection } from '../../src/store/sqlite/connection.js';
import { fmt } from './args.js';

/** Eager: all at once, on this thread (the server does it in steps, in its writer thread); prints the time. */
export function makeCold(file: string): void {
  const db = openConnection({ path: file });
  try {
    const compactor = new ColdCompactor(db, 0, true);
    const t0 = performance.now();
    while (compactor.step() === true);
    const cold = db.prepare("SELECT COUNT(*) FROM logs WHERE typeof(message) = 'blob'").pluck().get() as number;
    process.stdout.write(`SQLite: ${fmt(cold)} logs made cold in ${fmt((performance.now() - t0) / 1000, 1)} s (on one thread)\n`);
    // As the writer does after its steps: the pages the rows left go back to the file system.
    db.pragma('incremental_vacuum');
  } finally {
    closeConnection(db);
  }
}

/**
 * PostgreSQL: the days over for 24 h by `now` (Date.now() + 30 days: every day) moved into blocks as the server
 * does; the days and the time.
 */
export async function moveClosedDays(url: string, now: number): Promise<{ days: number[]; ms: number }> {
  const db = createDb(url, 2);
  try {
    const t0 = performance.now();
    const pass = await compactClosedDays(db, now);
    return { days: pass.days, ms: performance.now() - t0 };
  } finally {
    await db.pool.end();
  }
}
