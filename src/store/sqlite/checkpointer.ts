/**
 * WAL checkpoints in a thread of their own. A checkpoint run by the writer (SQLite's autocheckpoint) copies
 * tens of MB into the database file and fsyncs it inside a commit: every request waiting for that commit
 * waits 50–100 ms. Here a PASSIVE checkpoint from a separate connection runs alongside the writer without
 * blocking it; only when the WAL has grown large (PASSIVE never catches up under sustained load, so the
 * WAL is never reset) a RESTART checkpoint briefly holds new commits back, and the WAL starts over.
 *
 * Plain JavaScript evaluated in the worker: it needs only better-sqlite3, no TypeScript loader.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stepTraceMs } from './step-trace.js';

// Dynamic imports only: an eval'd worker's code runs as CommonJS or as an ES module depending on the parent.
const CODE = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { default: Database } = await import(workerData.driver);
  const db = new Database(workerData.path);
  db.pragma('busy_timeout = 5000');
  let stopped = false;
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
    try {
      const [r] = timed('checkpointer PASSIVE', () => db.pragma('wal_checkpoint(PASSIVE)'));
      if (r && r.log > workerData.restartFrames) timed('checkpointer RESTART', () => db.pragma('wal_checkpoint(RESTART)'));
    } catch (err) {
      if (workerData.traceMs) process.stderr.write('sqlite checkpointer: ' + err.message + '\\n');
      // Busy or I/O trouble: try again next time; the writer's own autocheckpoint is the backstop.
    }
    setTimeout(tick, workerData.intervalMs);
  };
  parentPort.on('message', () => { stopped = true; db.close(); parentPort.close(); });
  setTimeout(tick, workerData.intervalMs);
})();
`;

export interface CheckpointerOptions {
  path: string;
  intervalMs?: number;
  /** WAL frames (pages) beyond which the WAL is restarted: 16,384 × 4 KiB = 64 MiB. */
  restartFrames?: number;
}

export function startCheckpointer(opts: CheckpointerOptions): { stop(): Promise<void> } {
  const driver = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
  const worker = new Worker(CODE, {
    eval: true,
    workerData: { driver, path: opts.path, intervalMs: opts.intervalMs ?? 200, restartFrames: opts.restartFrames ?? 16_384, traceMs: stepTraceMs },
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
