// DevSmith Logs: a copy-paste logger for Node.js 18+ (no dependencies: only Node's built-in modules).
// Copy this file into your app, set DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE, then:
//   const { DevSmithLogger } = require('./logger.cjs');   // CommonJS
//   import { DevSmithLogger } from './logger.cjs';        // ES modules (Node finds the named export)
//   const log = new DevSmithLogger();            // or new DevSmithLogger({ service: 'worker', ... })
//   log.info('user signed in', { user_id: 42 });
//   await log.timed('nightly-report', () => buildReport());  // logs context.operation + context.duration_ms
// It is a .cjs file on purpose: Node loads .cjs as CommonJS whatever package.json's "type" says, and ES modules
// can import it, so the same file works in every project.
//
// What it promises: logging calls never throw, never block and never crash your app. Logs are buffered (at most
// maxBuffer, the oldest dropped first and counted), sent in gzip batches of up to 100 every 5 s, retried with
// backoff on network errors, 429 and 5xx, and flushed when the process exits. Delivery failures are reported on
// stderr (at the first one, then at most once a minute). An uncaught exception or unhandled rejection is sent
// as a FATAL log, with the logs buffered before it, then the process dies as it would have.
'use strict';
const http = require('node:http');
const https = require('node:https');
const { gzip, gzipSync } = require('node:zlib');
const { randomUUID } = require('node:crypto');
const { hostname } = require('node:os');
const { promisify, types } = require('node:util');
const { spawnSync } = require('node:child_process');
const { isMainThread } = require('node:worker_threads');

const gzipAsync = promisify(gzip);
const DEFAULT_URL = 'http://localhost:3000';
// The server's level names and aliases (case-insensitive), so what you write is what is stored.
const LEVELS = {
  trace: 'TRACE', verbose: 'TRACE', silly: 'TRACE', debug: 'DEBUG', dbg: 'DEBUG',
  info: 'INFO', information: 'INFO', informational: 'INFO', notice: 'INFO', log: 'INFO', http: 'INFO',
  warn: 'WARN', warning: 'WARN', error: 'ERROR', err: 'ERROR', severe: 'ERROR',
  fatal: 'FATAL', critical: 'FATAL', crit: 'FATAL', panic: 'FATAL', emerg: 'FATAL', emergency: 'FATAL', alert: 'FATAL',
};

class DevSmithLogger {
  constructor(options = {}) {
    const env = process.env;
    const url = options.url ?? (env.DEVSMITH_URL || undefined);
    if (url === undefined && isMainThread) warnOnceInProcess(`DEVSMITH_URL is not set; sending to ${DEFAULT_URL}`);
    this.baseUrl = (url ?? DEFAULT_URL).replace(/\/+$/, '');
    this.url = `${this.baseUrl}/api/logs/batch`;
    this.apiKey = options.apiKey ?? env.DEVSMITH_API_KEY ?? '';
    this.envelope = {
      project_slug: options.project ?? env.DEVSMITH_PROJECT ?? undefined,
      service_name: options.service ?? env.DEVSMITH_SERVICE ?? 'app',
      environment: options.environment ?? env.NODE_ENV ?? undefined,
      version: options.version,
      host: options.host ?? hostname(),
    };
    this.batchSize = options.batchSize ?? 100;
    this.maxBuffer = options.maxBuffer ?? 10_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 5_000;
    this.exitTimeoutMs = options.exitTimeoutMs ?? 5_000; // how long exit (or a crash) may wait for delivery
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.reportIntervalMs = options.reportIntervalMs ?? 60_000; // at most one "cannot deliver" line per interval
    this.captureCrashes = options.captureCrashes !== false;
    this.buffer = [];
    this.dropped = 0;
    this.sending = null; // the running drain loop, if any: one request at a time keeps order and load sane
    this.onWire = null; // {logs, key} of the batch being sent: a crash resends it under the same key
    this.lastWarning = '';
    this.reportedAt = -Infinity;
    this.failures = 0; // failed attempts since the last delivery
    this.lastReason = '';
    this.deadline = Infinity; // set while exiting: retries stop when it passes
    this.inflight = null; // AbortController of the request on the wire
    this.timer = setInterval(() => this.#kick(), this.flushIntervalMs);
    this.timer.unref(); // never keep the app alive just for the timer
    if (options.handleExit !== false) { exitHooks.loggers.add(this); exitHooks.install(); }
  }

  trace(message, context) { this.log('TRACE', message, context); }
  debug(message, context) { this.log('DEBUG', message, context); }
  info(message, context) { this.log('INFO', message, context); }
  warn(message, context) { this.log('WARN', message, context); }
  error(message, context) { this.log('ERROR', message, context); }
  fatal(message, context) { this.log('FATAL', message, context); }

  /** Runs fn (sync or async), logs how long it took and returns what fn returns: the convention for jobs, queries
   *  and any work worth ranking by duration (docs/performance.md) is context.operation + context.duration_ms (a
   *  number, sub-ms). "<operation> done" at INFO; if fn throws, "<operation> failed" at ERROR with context.error,
   *  and the error is thrown on. `context` is added to the entry.
   *    const rows = await log.timed('nightly-report', () => buildReport(day), { day }); */
  timed(operation, fn, context = {}) {
    const started = process.hrtime.bigint();
    const finish = (failed, error) => {
      const fields = { ...toContext(context), operation, duration_ms: elapsedMs(started) };
      if (failed) this.log('ERROR', `${operation} failed`, { ...fields, error: isError(error) ? error : new Error(String(error)) });
      else this.log('INFO', `${operation} done`, fields);
    };
    let result;
    try { result = fn(); } catch (err) { finish(true, err); throw err; }
    if (result && typeof result.then === 'function') {
      return result.then((value) => { finish(false); return value; }, (err) => { finish(true, err); throw err; });
    }
    finish(false);
    return result;
  }

  /** Queue one entry. Synchronous and cheap: it only appends to an array. Never throws.
   *  `time` (Date or epoch ms) is for adapters that know when the event happened; default: now.
   *  Errors in context (`{ error: err }`, or `err` itself) are sent as context.error = {type, message, stack, cause}. */
  log(level, message, context = {}, time = Date.now()) {
    try {
      const entry = { timestamp: new Date(time).toISOString(), level: 'INFO', message: String(message), context: toContext(context) };
      const known = LEVELS[String(level).toLowerCase()];
      if (known) entry.level = known; else entry.context.original_level = String(level); // kept, not lost
      this.buffer.push(entry);
      if (this.buffer.length > this.maxBuffer) { this.buffer.shift(); this.dropped++; }
      if (this.buffer.length >= this.batchSize) this.#kick();
    } catch { /* a logger must never break the app */ }
  }

  /** Resolves when everything buffered so far was sent (or refused), or after timeoutMs. Never rejects. */
  async flush(timeoutMs = this.exitTimeoutMs) {
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs); }); // ref'd: keeps us alive
    const drained = (async () => { while (this.buffer.length || this.dropped || this.sending) await this.#kick(); })();
    await Promise.race([drained.catch(() => {}), timeout]);
    clearTimeout(timer);
  }

  /** Flush, then stop retrying and abort what is still in flight. Use before process.exit(). */
  async close(timeoutMs = this.exitTimeoutMs) {
    this.deadline = Math.min(this.deadline, Date.now() + timeoutMs);
    await this.flush(timeoutMs);
    clearInterval(this.timer);
    this.inflight?.abort();
  }

  /** Delivers everything now, blocking the thread (a child process sends): for crash and exit handlers, where
   *  nothing asynchronous runs any more. Waits exitTimeoutMs at most. */
  flushSync() {
    try {
      const batches = [];
      if (this.onWire) batches.push(this.onWire); // maybe stored already: the same key makes the server skip it
      this.onWire = null;
      this.#noteDropped(this.buffer);
      while (this.buffer.length) batches.push({ logs: this.buffer.splice(0, this.batchSize), key: randomUUID() });
      if (!batches.length) return;
      const input = JSON.stringify({
        url: this.url, baseUrl: this.baseUrl, headers: this.#headers(), deadline: Date.now() + this.exitTimeoutMs,
        batches: batches.map(({ logs, key }) => ({ key, count: logs.length, body: gzipSync(safeJson({ ...this.envelope, logs })).toString('base64') })),
      });
      const env = { ...process.env };
      delete env.NODE_OPTIONS; // the app's preloads have no business in the sender
      const result = spawnSync(process.execPath, ['-e', `(${sendBatchesFromStdin})()`],
        { input, env, stdio: ['pipe', 'ignore', 'inherit'], timeout: this.exitTimeoutMs + 2_000, windowsHide: true });
      if (result.error || result.signal) warn(`could not deliver ${batches.reduce((n, b) => n + b.logs.length, 0)} logs to ${this.baseUrl} before exit (no answer in time)`);
    } catch { /* never make a crash worse */ }
  }

  #kick() {
    this.sending ??= this.#drain().catch(() => {}).finally(() => { this.sending = null; });
    return this.sending;
  }

  async #drain() {
    while (this.buffer.length || this.dropped) {
      const logs = this.buffer.splice(0, this.batchSize);
      this.#noteDropped(logs);
      if (!(await this.#send(logs))) { // past the exit deadline: give up on everything still buffered
        warn(`could not deliver ${logs.length + this.buffer.length} logs to ${this.baseUrl} before exit (${this.lastReason || 'no answer in time'})`);
        this.buffer = [];
      }
    }
  }

  // Tell the server (and stderr) that we lost some, instead of losing them silently.
  #noteDropped(logs) {
    if (!this.dropped) return;
    const message = `devsmith logger dropped ${this.dropped} log entries because its buffer was full`;
    logs.push({ timestamp: new Date().toISOString(), level: 'WARN', message, context: { devsmith_dropped: this.dropped } });
    warn(message);
    this.dropped = 0;
  }

  #headers() {
    return { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: `Bearer ${this.apiKey}` };
  }

  /** Sends one batch until it is accepted or refused (true), or the exit deadline passes (false). */
  async #send(logs) {
    const key = randomUUID(); // one per batch, the same on every retry: the server stores it once
    this.onWire = { logs, key };
    try {
      const body = await gzipAsync(safeJson({ ...this.envelope, logs }));
      for (let attempt = 0; ; attempt++) {
        let delay;
        const timeLeft = this.deadline - Date.now();
        if (timeLeft <= 0) return false;
        const controller = (this.inflight = new AbortController()); // close() aborts it
        const timer = setTimeout(() => controller.abort(), Math.min(this.requestTimeoutMs, timeLeft));
        timer.unref();
        try {
          const res = await post(this.url, body, { ...this.#headers(), 'Idempotency-Key': key }, controller.signal);
          if (res.ok) { this.#delivered(); this.#reportRejected(res.status, res.text, logs.length); return true; }
          if (res.status !== 429 && res.status < 500) { // other 4xx are final: say why once, do not retry
            this.#warnOnce(`server refused ${logs.length} logs: HTTP ${res.status} ${reason(res.text)}`);
            return true;
          }
          delay = retryAfterMs(res.headers['retry-after']) ?? backoff(attempt, this.maxBackoffMs);
          this.#reportFailure(`HTTP ${res.status} ${reason(res.text)}`.trim(), logs.length);
        } catch (err) { // network error or timeout
          delay = backoff(attempt, this.maxBackoffMs);
          this.#reportFailure(controller.signal.aborted ? 'no answer in time' : String(err?.message ?? err), logs.length);
        } finally {
          clearTimeout(timer);
        }
        if (Date.now() + delay > this.deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, delay).unref()); // flush()/close() keep the process alive
      }
    } finally {
      this.onWire = null;
    }
  }

  // A failed attempt: one stderr line at the first, then at most one per reportIntervalMs while it lasts.
  #reportFailure(why, sending) {
    this.failures++;
    this.lastReason = why;
    if (this.closed || Date.now() - this.reportedAt < this.reportIntervalMs) return; // exiting: the give-up line says it
    this.reportedAt = Date.now();
    const dropped = this.dropped ? `, ${this.dropped} dropped (buffer full)` : '';
    warn(`cannot deliver logs to ${this.baseUrl} (${why}); ${sending + this.buffer.length} logs waiting${dropped}, ${this.failures} failed attempts; retrying with backoff`);
  }

  #delivered() {
    if (this.failures && this.reportedAt !== -Infinity) warn(`delivering to ${this.baseUrl} again after ${this.failures} failed attempts`);
    this.failures = 0;
    this.reportedAt = -Infinity;
  }

  #reportRejected(status, text, total) {
    if (status !== 200) return;
    try {
      const rejected = JSON.parse(text).rejected ?? [];
      if (rejected.length) this.#warnOnce(`server refused ${rejected.length} of ${total} logs: ${rejected[0].reason}`);
    } catch { /* the logs were accepted; nothing to do */ }
  }

  #warnOnce(message) { if (message !== this.lastWarning) warn(message); this.lastWarning = message; }

  /** True while something is buffered or on its way. */
  get pending() { return Boolean(this.buffer.length || this.dropped || this.sending); }

  /** True once close() ran out of time: what is left was given up (and said so). */
  get closed() { return this.deadline !== Infinity; }
}

// Exit and crash hooks, installed once for every logger in the process (several loggers must not each think
// the app has its own signal handler).
const exitHooks = {
  loggers: new Set(),
  installed: false,
  closeAll() { return Promise.allSettled([...this.loggers].map((logger) => logger.close())); },
  install() {
    if (this.installed) return;
    this.installed = true;
    let exiting = false;
    // beforeExit fires when the event loop empties: the natural end of a script. Flush once, then let it end.
    process.on('beforeExit', () => {
      if (exiting || ![...this.loggers].some((logger) => logger.pending)) return;
      exiting = true;
      this.closeAll();
    });
    // process.exit() (or the end of a crash) runs 'exit' listeners and nothing asynchronous after them.
    process.on('exit', () => { for (const logger of this.loggers) if (!logger.closed && logger.pending) logger.flushSync(); });
    for (const signal of ['SIGTERM', 'SIGINT']) {
      const onSignal = () => {
        const appHandlesIt = process.listenerCount(signal) > 1;
        this.closeAll().finally(() => {
          // If the app has its own handler, it decides when to exit. If not, exit as the signal would have.
          if (!appHandlesIt) { process.removeListener(signal, onSignal); process.kill(process.pid, signal); }
        });
      };
      process.on(signal, onSignal);
    }
    // The monitor runs before Node's own handling and changes nothing about it: Node still prints the error and
    // exits with code 1 (or the app's 'uncaughtException' handler still runs). Unhandled rejections arrive here
    // too, as Node raises them as uncaught exceptions.
    process.on('uncaughtExceptionMonitor', (err, origin) => {
      const loggers = [...this.loggers].filter((logger) => logger.captureCrashes);
      const what = origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Uncaught exception';
      loggers[0]?.fatal(`${what}: ${isError(err) ? err.message : String(err)}`, { error: isError(err) ? err : new Error(String(err)), origin });
      for (const logger of loggers) logger.flushSync();
    });
  },
};

// Runs in a child process (this function's source is passed to `node -e`): a crash handler cannot wait for
// promises, but it can wait for a child. It posts each batch, retrying 429/5xx/network errors until the deadline.
async function sendBatchesFromStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const { url, baseUrl, headers, deadline, batches } = JSON.parse(Buffer.concat(chunks).toString());
  const say = (message) => process.stderr.write(`devsmith: ${message}\n`);
  let lost = 0;
  let why = 'no answer in time';
  for (const batch of batches) {
    for (let attempt = 0; ; attempt++) {
      let delay = Math.min(4_000, 250 * 2 ** attempt);
      try {
        const res = await fetch(url, { method: 'POST', headers: { ...headers, 'Idempotency-Key': batch.key },
          body: Buffer.from(batch.body, 'base64'), signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
        if (res.ok) break;
        if (res.status !== 429 && res.status < 500) { say(`server refused ${batch.count} logs: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`); break; }
        why = `HTTP ${res.status}`;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (res.headers.get('retry-after') && Number.isFinite(retryAfter)) delay = retryAfter * 1000;
      } catch (err) { why = err?.cause?.message ?? err?.message ?? String(err); } // network error or timeout: retry while time is left
      if (Date.now() + delay >= deadline) { lost += batch.count; break; }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  if (lost) say(`could not deliver ${lost} logs to ${baseUrl} before exit (${why})`);
}

// One POST with node:http(s). Not fetch, on purpose: a fetch in flight keeps Node alive until it times out, so a
// script talking to a hung server could not exit. Here the socket is unref'd; flush()/close() keep the process
// alive exactly as long as they choose to wait.
function post(url, body, headers, signal) {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, { method: 'POST', headers: { ...headers, 'Content-Length': body.length }, signal }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, ok: res.statusCode < 300, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('socket', (socket) => socket.unref());
    req.on('error', reject);
    req.end(body);
  });
}

// Context as sent: Errors become the shared error shape; an Error passed as the whole context, or under the
// common names `err` / `exception`, lands in context.error.
function toContext(value) {
  if (isError(value)) return { error: errorShape(value) };
  if (value === null || typeof value !== 'object') return value === undefined ? {} : { value };
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    const name = (key === 'err' || key === 'exception') && isError(v) && !('error' in value) ? 'error' : key;
    out[name] = isError(v) ? errorShape(v) : v;
  }
  return out;
}

/** The documented error shape (docs/integrations/README.md, "Error shape"): {type, message, stack, cause?} and
 *  the error's own extra fields (code, errno, syscall, ...). */
function errorShape(err, depth = 0) {
  const shape = { type: err.name && err.name !== 'Error' ? err.name : err.constructor?.name || 'Error', message: String(err.message ?? ''), stack: String(err.stack ?? '') };
  for (const [key, v] of Object.entries(err)) if (!(key in shape) && key !== 'cause') shape[key] = isError(v) && depth < 8 ? errorShape(v, depth + 1) : v;
  if (err.cause !== undefined) shape.cause = isError(err.cause) && depth < 8 ? errorShape(err.cause, depth + 1) : err.cause;
  if (Array.isArray(err.errors)) shape.errors = err.errors.map((e) => (isError(e) && depth < 8 ? errorShape(e, depth + 1) : e)); // AggregateError
  return shape;
}

/** Milliseconds since a process.hrtime.bigint() reading, with ns precision (never rounded to 0 for quick work): the
 *  number context.http.duration_ms and context.duration_ms expect. */
function elapsedMs(started) { return Number(process.hrtime.bigint() - started) / 1e6; }

// Errors from another realm (vm, worker) fail instanceof; an object already in the error shape is no Error.
function isError(v) { return v instanceof Error || types.isNativeError(v); }

// JSON.stringify that survives what apps put in context: cycles, BigInt, functions.
function safeJson(value) {
  const seen = new WeakSet();
  return JSON.stringify(value, (_key, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'object' && v !== null) { if (seen.has(v)) return '[Circular]'; seen.add(v); }
    return v;
  });
}

function reason(text) {
  try { const p = JSON.parse(text); return `${p.code ?? ''} ${p.detail ?? p.title ?? p.message ?? ''}`.trim(); } catch { return text.slice(0, 200); }
}

function retryAfterMs(header) {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

// Exponential backoff with jitter: about 0.5 s, 1 s, 2 s ... up to max, each randomised so clients do not stampede.
function backoff(attempt, max) { const base = Math.min(max, 500 * 2 ** attempt); return base / 2 + Math.random() * base / 2; }

function warn(message) { try { process.stderr.write(`devsmith: ${message}\n`); } catch { /* stderr closed */ } }

const saidInProcess = new Set();
function warnOnceInProcess(message) { if (!saidInProcess.has(message)) { saidInProcess.add(message); warn(message); } }

// Named exports in this form are visible to `import { DevSmithLogger } from './logger.cjs'` too.
exports.DevSmithLogger = DevSmithLogger;
exports.errorShape = errorShape;
exports.levelOf = (level) => LEVELS[String(level).toLowerCase()];
