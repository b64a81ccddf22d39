// DevSmith Logs: a copy-paste logger for Node.js 18+ (no dependencies: only Node's built-in modules; ES module).
// Copy this file into your app, set DEVSMITH_URL, DEVSMITH_API_KEY, DEVSMITH_PROJECT, DEVSMITH_SERVICE, then:
//   import { DevSmithLogger } from './logger.js';
//   const log = new DevSmithLogger();            // or new DevSmithLogger({ service: 'worker', ... })
//   log.info('user signed in', { user_id: 42 });
// CommonJS app? Rename to logger.mjs and `await import('./logger.mjs')`, or swap `export` for module.exports.
//
// What it promises: logging calls never throw, never block and never crash your app. Logs are buffered (at most
// maxBuffer, the oldest dropped first and counted), sent in gzip batches of up to 100 every 5 s, retried with
// backoff on network errors, 429 and 5xx, and flushed when the process exits.
import http from 'node:http';
import https from 'node:https';
import { gzip } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export class DevSmithLogger {
  constructor(options = {}) {
    const env = process.env;
    this.url = (options.url ?? env.DEVSMITH_URL ?? 'http://localhost:3000').replace(/\/+$/, '') + '/api/logs/batch';
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
    this.exitTimeoutMs = options.exitTimeoutMs ?? 5_000; // how long exit may wait for delivery
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.buffer = [];
    this.dropped = 0;
    this.sending = null; // the running drain loop, if any: one request at a time keeps order and load sane
    this.lastWarning = '';
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

  /** Queue one entry. Synchronous and cheap: it only appends to an array. Never throws.
   *  `time` (Date or epoch ms) is for adapters that know when the event happened; default: now. */
  log(level, message, context = {}, time = Date.now()) {
    try {
      const upper = String(level).toUpperCase();
      const entry = {
        timestamp: new Date(time).toISOString(), // ISO 8601 UTC with milliseconds
        level: LEVELS.includes(upper) ? upper : 'INFO',
        message: String(message),
        context: toContext(context),
      };
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

  #kick() {
    this.sending ??= this.#drain().catch(() => {}).finally(() => { this.sending = null; });
    return this.sending;
  }

  async #drain() {
    while (this.buffer.length || this.dropped) {
      const logs = this.buffer.splice(0, this.batchSize);
      if (this.dropped) { // tell the server (and stderr) that we lost some, instead of losing them silently
        const message = `devsmith logger dropped ${this.dropped} log entries because its buffer was full`;
        logs.push({ timestamp: new Date().toISOString(), level: 'WARN', message, context: { devsmith_dropped: this.dropped } });
        warn(message);
        this.dropped = 0;
      }
      if (!(await this.#send(logs))) { // past the exit deadline: give up on everything still buffered
        warn(`could not deliver ${logs.length + this.buffer.length} logs before exit; giving up`);
        this.buffer = [];
      }
    }
  }

  /** Sends one batch until it is accepted or refused (true), or the exit deadline passes (false). */
  async #send(logs) {
    const idempotencyKey = randomUUID(); // one per batch, the same on every retry: the server stores it once
    const body = await gzipAsync(safeJson({ ...this.envelope, logs }));
    for (let attempt = 0; ; attempt++) {
      let delay;
      const timeLeft = this.deadline - Date.now();
      if (timeLeft <= 0) return false;
      const controller = (this.inflight = new AbortController()); // close() aborts it
      const timer = setTimeout(() => controller.abort(), Math.min(this.requestTimeoutMs, timeLeft));
      timer.unref();
      try {
        const headers = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip',
          Authorization: `Bearer ${this.apiKey}`, 'Idempotency-Key': idempotencyKey };
        const res = await post(this.url, body, headers, controller.signal);
        const text = res.text;
        if (res.ok) { this.#reportRejected(res.status, text, logs.length); return true; }
        if (res.status !== 429 && res.status < 500) { // other 4xx are final: say why once, do not retry
          this.#warnOnce(`server refused ${logs.length} logs: HTTP ${res.status} ${reason(text)}`);
          return true;
        }
        delay = retryAfterMs(res.headers['retry-after']) ?? backoff(attempt, this.maxBackoffMs);
      } catch {
        delay = backoff(attempt, this.maxBackoffMs); // network error or timeout
      } finally {
        clearTimeout(timer);
      }
      if (Date.now() + delay > this.deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, delay).unref()); // flush()/close() keep the process alive
    }
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
}

// Exit hooks, installed once for every logger in the process (several loggers must not each think the
// app has its own signal handler).
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
  },
};

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

function toContext(value) {
  if (value instanceof Error) return { error: errorFields(value) };
  if (value === null || typeof value !== 'object') return value === undefined ? {} : { value };
  const out = {};
  for (const [key, v] of Object.entries(value)) out[key] = v instanceof Error ? errorFields(v) : v;
  return out;
}

function errorFields(err) { return { name: err.name, message: err.message, stack: err.stack, code: err.code }; }

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
