/**
 * WAL checkpoints in a thread of their own. A checkpoint run by the writer (SQLite's autocheckpoint) copies
 * tens of MB into the database file and fsyncs it inside a commit: every request waiting for that commit
 * waits 50–100 ms. Here a PASSIVE checkpoint from a separate connection copies the WAL alongside the writer
 * without blocking it (sooner while the WAL grows fast). Under sustained load it never catches up with the
 * last commit, so the WAL never starts over: when it has grown long the thread asks, leaves the checkpoint lock
 * free, and the writer runs a PASSIVE checkpoint itself between two commits (wal-requests.ts), copying only
 * the frames appended since this thread's last one; the next commit then starts the WAL over. This thread
 * used to run a RESTART checkpoint instead, which held every commit back while it copied and synced: 57–360 ms.
 *
 * Plain JavaScript evaluated in the worker: it needs only better-sqlite3, no TypeScript loader.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stepTraceMs } from './step-trace.js';
import { WAL_CELLS } from './wal-requests.js';

// Dynamic imports only: an eval'd worker's code runs as CommonJS or as an ES module depending on the parent.
const CODE = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { default: Database } = await import(workerData.driver);
  const fs = await import('node:fs');
  const db = new Database(workerData.path);
  db.pragma('busy_timeout = 5000');
  const dbFd = fs.openSync(workerData.path, 'r+'); // only synced (Windows flushes only files open for writing)
  let stopped = false;
  let lastLog = 0;
  let lastCheckpointed = 0;
  let askedAt = 0;
  // DEVSMITH_SQLITE_TRACE_MS (step-trace.ts): checkpoints as slow as that are written to stderr.
  const timed = (label, fn) => {
    const started = performance.now();
    let result;
    try {
      result = fn();
      return result;
    } finally {
      const ms = performance.now() - started;
      if (workerData.traceMs && ms >= workerData.traceMs) {
        const at = new Date(performance.timeOrigin + performance.now()).toISOString().slice(11, 23);
        process.stderr.write('sqlite step: ' + label + ' ' + ms.toFixed(1) + ' ms, ended ' + at + ' ' + JSON.stringify(result) + '\\n');
      }
    }
  };
  const tick = () => {
    if (stopped) return;
    let next = workerData.intervalMs;
    const cells = workerData.walCells;
    // Asked, and retention not waiting for a pass: the checkpoint lock is the writer's until it has
    // checkpointed (it lowers the flag), or for yieldMs if it does not (an idle writer, a reader in the way).
    if (Atomics.load(cells, 0) === 1 && Atomics.load(cells, 2) === 0 && performance.now() - askedAt < workerData.yieldMs) {
      setTimeout(tick, workerData.askedIntervalMs);
      return;
    }
    try {
      const [r] = timed('checkpointer PASSIVE', () => db.pragma('wal_checkpoint(PASSIVE)'));
      // A pass that does not reach the WAL's end (commits keep coming) leaves the pages it copied unsynced:
      // SQLite syncs the database file only at a checkpoint that does. The writer's checkpoint, the one that
      // lets the WAL start over, then flushed all of them inside a commit: 15-50 ms however few pages it
      // copied, 147 ms once. Synced here once the WAL is long or a restart is asked (and on the passes
      // retention waits for), the writer flushes only the few pages it copies itself. Not after every pass:
      // that cost ~4 % of ingest throughput. (A write-back error this sync meets is still reported to
      // SQLite's own descriptors: Linux tells each.)
      const soon = r && (r.log > workerData.restartFrames || Atomics.load(cells, 0) === 1 || Atomics.load(cells, 2) === 1);
      if (soon && r.checkpointed !== lastCheckpointed) timed('checkpointer sync', () => fs.fdatasyncSync(dbFd));
      lastCheckpointed = r ? r.checkpointed : 0;
      Atomics.add(cells, 1, 1);
      if (r && r.log > workerData.restartFrames && Atomics.compareExchange(cells, 0, 0, 1) === 0) askedAt = performance.now();
      // Growing fast (bulk ingest, retention's deletes): come back sooner, so that the part left to whoever
      // checkpoints next (the writer, between its commits) stays small.
      const grew = r ? r.log - (r.log >= lastLog ? lastLog : 0) : 0;
      if (grew > workerData.fastFrames) next = workerData.fastIntervalMs;
      lastLog = r ? r.log : 0;
      // Retention pauses for the next pass (wal-requests.ts). Not while nothing is written, and not so soon
      // that the pass (and its sync) would run into the writer's checkpoint, which polls every 5 ms.
      if (grew > 0 && Atomics.load(cells, 2) === 1) next = workerData.pausedIntervalMs;
    } catch (err) {
      if (workerData.traceMs) process.stderr.write('sqlite checkpointer: ' + err.message + '\\n');
      // Busy or I/O trouble: try again next time; the writer's own autocheckpoint is the backstop.
    }
    setTimeout(tick, next);
  };
  parentPort.on('message', () => { stopped = true; db.close(); fs.closeSync(dbFd); parentPort.close(); });
  setTimeout(tick, workerData.intervalMs);
})();
`;

export interface CheckpointerOptions {
  path: string;
  /** Shared with the writer thread (wal-requests.ts). */
  walCells: Int32Array;
  intervalMs?: number;
  /** WAL frames (pages) beyond which the writer is asked to checkpoint: 16,384 × 4 KiB = 64 MiB. */
  restartFrames?: number;
}

/** Shared between the checkpointer and the writer thread (workerData): see wal-requests.ts. */
export function walCells(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * WAL_CELLS));
}

export function startCheckpointer(opts: CheckpointerOptions): { stop(): Promise<void> } {
  const driver = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
  const worker = new Worker(CODE, {
    eval: true,
    workerData: {
      driver,
      path: opts.path,
      walCells: opts.walCells,
      intervalMs: opts.intervalMs ?? 200,
      restartFrames: opts.restartFrames ?? 16_384,
      // 1,000 frames since the last tick (4 MiB in 200 ms): check again in 50 ms.
      fastFrames: 1_000,
      fastIntervalMs: 50,
      askedIntervalMs: 5,
      pausedIntervalMs: 20,
      yieldMs: 1_000,
      traceMs: stepTraceMs,
    },
  });
  worker.unref();
  worker.on('error', (err) => process.stderr.write(`sqlite checkpointer stopped: ${err.message}\n`));
  return {
    async stop() {
      if (worker.threadId === -1) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // Held while it stops: unref'd, nothing else may be keeping the process alive (a writer that died), and
      // the wait would end with the event loop instead of the thread.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
