/** Worker thread owning the SQLite write connection: commits groups of batches, then indexes FTS. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeConnection, openConnection, type SqliteOptions } from './connection.js';
import { FtsIndexer, SqliteWriter } from './writer.js';
import { RetentionDeleter } from './retention-writer.js';
import { ColdCompactor } from './cold-writer.js';
import type { EncodedGroup, GroupParts } from './encoding.js';
import { isSqliteUnavailable } from './errors.js';
import { savePatternBatch } from './insight-patterns.js';
import type { PatternDelta, PatternHour, PatternProgress } from '../insight-types.js';
import { traced } from './step-trace.js';
import { WalRequests, type Gate } from './wal-requests.js';

export type WriterRequest =
  | { type: 'commit'; seq: number; group: EncodedGroup; parts?: GroupParts | null }
  /** The first rows of a large group, sent ahead of its commit (index.ts `commitBatches`). */
  | { type: 'part'; key: number; values: unknown[] }
  | { type: 'close'; seq: number }
  | { type: 'deleteDay'; seq: number; projectId: number; day: number; chunkRows: number }
  | { type: 'vacuum'; seq: number }
  | { type: 'savePatterns'; seq: number; expected: string; next: PatternProgress; deltas: PatternDelta[]; hours: PatternHour[] };
export type WriterResponse =
  | { seq: number; ok: true; results?: unknown }
  | { seq: number; ok: false; error: string; busy: boolean };

/** What the store hands the thread: the connection's options and the checkpointer's signal. */
export interface WriterData extends SqliteOptions {
  /** Shared with the checkpointer thread (wal-requests.ts). */
  walCells?: Int32Array;
}

const opts = workerData as WriterData;
const db = openConnection(opts);
// Checkpoints run in their own thread (checkpointer.ts) and here between commits; this large autocheckpoint,
// which would run inside a commit, is only a backstop.
db.pragma('wal_autocheckpoint = 65536');
const writer = new SqliteWriter(db);
const indexer = new FtsIndexer(db);
const deleter = new RetentionDeleter(db);
const compactor = new ColdCompactor(db, opts.coldAfterMs ?? null, opts.coldEager === true);
let compacting = false;
const wal = new WalRequests(opts.walCells, checkpoint);
let checkpointQueued = false;
let retentionRunning = false;
let indexing = false;
let closed = false;
/**
 * Rows the FTS index may fall behind while commits arrive back to back. Node delivers every queued port
 * message before it runs an immediate, so under sustained load the indexer's turn never came: the tail that
 * search scans with LIKE grew without bound (and a benchmark phase left its indexing to the next phase).
 * Past this lag, each commit is followed by indexing as many rows as it stored, so the index keeps pace.
 */
const MAX_INDEX_LAG = 20_000;

function keepIndexUp(rowsCommitted: number): void {
  try {
    for (let done = 0; done < rowsCommitted && indexer.lag() > MAX_INDEX_LAG; done += indexer.chunkRows) traced('fts index (lag)', () => indexer.step());
  } catch (err) {
    process.stderr.write(`fts indexer: ${(err as Error).message}\n`); // retried after the next commit
  }
}

/**
 * A PASSIVE checkpoint on the write connection, between two commits: no commit appends meanwhile, so it
 * copies the whole WAL (bar what a reader still needs) and the next commit starts the WAL over. False when
 * the checkpointer thread was checkpointing (PASSIVE does not wait: the caller tries again later).
 */
function checkpoint(label: string): boolean {
  const [r] = traced(label, () => db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>, (rows) => JSON.stringify(rows));
  return !r || r.busy === 0;
}

/** The checkpointer asked for the WAL to start over: after the commits already waiting (setImmediate). */
function checkpointIfAsked(): void {
  if (checkpointQueued || !wal.asked) return;
  checkpointQueued = true;
  setImmediate(() => {
    checkpointQueued = false;
    if (closed || retentionRunning) return; // retention's steps pause for it instead (wal-requests.ts)
    try {
      wal.checkpointNow('writer checkpoint (WAL long)'); // busy: asked again after the next commit
    } catch (err) {
      process.stderr.write(`sqlite writer checkpoint: ${(err as Error).message}\n`);
    }
  });
}

function scheduleIndexing(): void {
  if (indexing) return;
  indexing = true;
  const run = (): void => {
    if (closed) return;
    let more = false;
    try {
      more = traced('fts index', () => indexer.step());
    } catch (err) {
      // A busy database retries on the next commit; anything else is reported but never kills the writer.
      process.stderr.write(`fts indexer: ${(err as Error).message}\n`);
    }
    // setImmediate, not a timer: commits that arrived meanwhile are handled before the next chunk.
    if (more) setImmediate(run);
    else {
      indexing = false;
      scheduleCompaction();
    }
  };
  setTimeout(run, 50);
}

/**
 * Moves old logs into compressed blocks (cold-writer.ts), one step per turn, then gives the pages the rows
 * left back to the file system (incremental vacuum, in retention's bounded steps). Not while retention runs.
 */
function scheduleCompaction(): void {
  if (!compactor.enabled || compacting || retentionRunning || closed) return;
  compacting = true;
  let worked = false;
  let vacuuming = false;
  const run = (): void => {
    let more: boolean | Promise<void> = false;
    const started = performance.now();
    try {
      if (closed || retentionRunning) more = false;
      else if (vacuuming) more = deleter.vacuumStep((pages) => wal.vacuumed(pages));
      else {
        more = traced('cold step', () => compactor.step());
        if (more !== false) worked = true;
        else if (worked) more = vacuuming = true;
      }
    } catch (err) {
      process.stderr.write(`cold blocks: ${(err as Error).message}\n`); // tried again at the next turn of the timer
    }
    // A block compressing in the thread pool: commits go on meanwhile, the next step follows its end. Between
    // two steps the thread rests as long as the step took: old logs can wait, and on a loaded machine the
    // compression already takes a core from ingest and the text index.
    if (more instanceof Promise) more.then(() => setImmediate(run), () => (compacting = false));
    else if (more) setTimeout(run, Math.max(1, performance.now() - started));
    else compacting = false;
  };
  setImmediate(run);
}
// Logs age without new commits: look for old ones every minute.
if (compactor.enabled) setInterval(scheduleCompaction, 60_000).unref();

/** Eager cold blocks (tests, benchmarks): the commit's rows indexed and made cold before the commit is answered. */
function compactNow(): void {
  if (!compactor.enabled || !opts.coldEager) return;
  while (indexer.step());
  while (compactor.step() === true); // eager steps compress on this thread: never a promise
}

/**
 * Runs `step` until it reports no more work, one step per turn of the event loop (setImmediate), so that
 * commits that arrived meanwhile go first: a commit waits for at most one step. Stops early at close. When
 * the WAL is to start over, the steps wait for the checkpointer in 5 ms turns (wal-requests.ts).
 */
function inSteps<T>(seq: number, step: () => boolean, result: () => T, end = () => {}): void {
  retentionRunning = true;
  const finish = (response: WriterResponse): void => {
    retentionRunning = false;
    wal.unpause();
    try {
      if (!closed) end();
    } catch (err) {
      process.stderr.write(`retention: ${(err as Error).message}\n`);
    }
    parentPort!.postMessage(response);
  };
  const run = (): void => {
    let more: boolean;
    let gate: Gate = 'go';
    try {
      gate = closed ? 'go' : wal.beforeStep();
      more = !closed && (gate !== 'go' || step());
    } catch (err) {
      const e = err as Error;
      return finish({ seq, ok: false, error: e.message, busy: isSqliteUnavailable(e) });
    }
    if (gate === 'wait') setTimeout(run, 5); // the checkpointer copies meanwhile; commits keep going
    else if (more) setImmediate(run);
    else finish({ seq, ok: true, results: result() });
  };
  setImmediate(run);
}

/** Rows of large groups received ahead of their commit, by the key their commit names. */
const parts = new Map<number, unknown[][]>();

/** The group's rows: the parts sent ahead, then its own. Null when a part is missing (the writer restarted between them). */
function assembled(group: EncodedGroup, ahead: GroupParts | null | undefined): EncodedGroup | null {
  if (!ahead) return group;
  const got = parts.get(ahead.key) ?? [];
  parts.delete(ahead.key);
  if (got.length !== ahead.count) return null;
  return { ...group, values: ([] as unknown[]).concat(...got, group.values) };
}

parentPort!.on('message', (msg: WriterRequest) => {
  if (msg.type === 'part') {
    const list = parts.get(msg.key);
    if (list) list.push(msg.values);
    else parts.set(msg.key, [msg.values]);
    return;
  }
  if (msg.type === 'deleteDay') {
    let deleted = 0;
    writer.forgetPerf();
    deleter.begin();
    return inSteps(msg.seq, () => {
      const r = deleter.step(msg.projectId, msg.day, msg.chunkRows);
      deleted += r.deleted;
      return !r.done;
    }, () => deleted, () => {
      writer.forgetPerf(); // commits between the steps may have cached rows of the day being deleted
      deleter.end();
      traced('cold blocks emptied', () => compactor.dropEmptyBlocks(msg.projectId));
    });
  }
  if (msg.type === 'vacuum') return inSteps(msg.seq, () => deleter.vacuumStep((pages) => wal.vacuumed(pages)), () => null);
  if (msg.type === 'savePatterns') {
    // The pattern upkeep's save (src/insights/patterns/upkeep.ts): one transaction between two commits. Run on
    // the reading connection it took the write lock from this thread, whose commits then slept in busy waits.
    try {
      const saved = savePatternBatch(db, msg.expected, msg.next, msg.deltas, msg.hours);
      parentPort!.postMessage({ seq: msg.seq, ok: true, results: saved } satisfies WriterResponse);
    } catch (err) {
      const e = err as Error;
      parentPort!.postMessage({ seq: msg.seq, ok: false, error: e.message, busy: isSqliteUnavailable(e) } satisfies WriterResponse);
    }
    return;
  }
  if (msg.type === 'close') {
    closed = true;
    try {
      // Index a little more, but never hold shutdown long: the watermark is stored, the rest resumes at start.
      const until = performance.now() + 1000;
      while (performance.now() < until && indexer.step());
      db.pragma('wal_checkpoint(TRUNCATE)');
      closeConnection(db);
    } catch {
      /* closing anyway */
    }
    parentPort!.postMessage({ seq: msg.seq, ok: true } satisfies WriterResponse);
    return;
  }
  const group = assembled(msg.group, msg.parts);
  if (!group) {
    parentPort!.postMessage({ seq: msg.seq, ok: false, error: 'part of the batch was lost while the writer restarted', busy: true } satisfies WriterResponse);
    return;
  }
  try {
    const results = traced('commit', () => writer.commit(group));
    compactNow();
    parentPort!.postMessage({ seq: msg.seq, ok: true, results } satisfies WriterResponse);
    keepIndexUp(group.counts.reduce((a, b) => a + b, 0));
    scheduleIndexing();
    checkpointIfAsked();
  } catch (err) {
    const e = err as Error & { code?: string };
    const busy = isSqliteUnavailable(e);
    parentPort!.postMessage({ seq: msg.seq, ok: false, error: e.message, busy } satisfies WriterResponse);
  }
});
scheduleIndexing();
