/**
 * Keeps the GIN text index's pending list short from outside the ingest path.
 *
 * The GIN index on `logs` uses fast update: an insert appends its row's words to a pending list, and
 * whichever insert pushes that list past `gin_pending_list_limit` (4 MB) merges it into the index while its
 * own transaction waits. That merge takes 100–150 ms at full ingest, so an unlucky batch was acknowledged
 * late: it was most of the p99 latency. Here one connection merges the lists of the partitions written to
 * since the last pass, every `intervalMs`, so inserts only append. Searches read the pending list too, so a
 * short list also keeps them fast. Several instances may each run one: a merge waits for one in progress.
 * Merging needs to own the index; the store's role does, since it creates the day partitions and their indexes.
 */
import type { Db } from './db.js';
import { partitionName } from './partitions.js';

export interface PendingListCleaner {
  /** Notes that rows of these UTC days (ts / 86 400 000) were just committed. */
  touched(days: Iterable<number>): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

const CLEAN_SQL = `SELECT count(gin_clean_pending_list(x.indexrelid)) AS n FROM pg_index x
  JOIN pg_inherits i ON i.inhrelid = x.indexrelid
  WHERE i.inhparent = 'logs_message_tsv'::regclass AND x.indrelid::regclass::text = ANY($1::text[])`;

export function startPendingListCleaner(db: Db, intervalMs = 200): PendingListCleaner {
  let dirty = new Set<number>();
  let running: Promise<void> | null = null;
  const pass = async () => {
    const days = dirty;
    dirty = new Set();
    try {
      await db.query(CLEAN_SQL, [[...days].map(partitionName)]);
    } catch {
      // PostgreSQL away: inserts merge the list themselves meanwhile; the days are tried again next pass.
      for (const d of days) dirty.add(d);
    }
  };
  const timer = setInterval(() => {
    if (running || dirty.size === 0) return;
    running = pass().finally(() => {
      running = null;
    });
  }, intervalMs);
  timer.unref();
  return {
    touched(days) {
      for (const d of days) dirty.add(d);
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
