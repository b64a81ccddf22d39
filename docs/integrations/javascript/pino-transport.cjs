// Send pino logs to DevSmith. Two ways, pick one:
//   1. In-process destination (simplest; the DevSmithLogger flushes at exit on its own):
//        const pino = require('pino');                                  // or: import pino from 'pino';
//        const { pinoDestination } = require('./pino-transport.cjs');   // or: import { pinoDestination } from ...
//        const log = pino({ level: 'info' }, pinoDestination());
//   2. A pino transport (runs in pino's worker thread; give it an absolute path):
//        const log = pino(pino.transport({ target: require.resolve('./pino-transport.cjs'), options: { service: 'api' } }));
// Both keep every field you log (log.info({ user_id: 1 }, 'hi')) as the entry's context. pino puts errors under
// `err`; they are sent as context.error = {type, message, stack, cause?} like every DevSmith sample. For the cause
// as its own object (pino's default folds it into message and stack), use
// `pino({ serializers: { err: pino.stdSerializers.errWithCause } }, ...)`.
// Request logs for the performance views: `app.use(requestLogger(log))` from express-request-logger.cjs writes
// context.http = {method, route, status, duration_ms} through this pino logger, route being the route template.
// (pino-http's own lines carry the raw URL, not the template: requests would group by path, not by endpoint.)
'use strict';
const { Writable } = require('node:stream');
const { DevSmithLogger } = require('./logger.cjs');

const PINO_LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function pinoDestination(logger = new DevSmithLogger()) {
  let partial = ''; // pino writes whole lines, but a stream may split them: keep the unfinished tail
  return new Writable({
    write(chunk, _encoding, callback) {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) if (line.trim()) forward(logger, line);
      callback();
    },
    final(callback) { logger.close().then(() => callback(), () => callback()); },
  });
}

function forward(logger, line) {
  let parsed;
  try { parsed = JSON.parse(line); } catch { return logger.log('INFO', line); } // not JSON (a custom formatter?): keep the text
  const { level, time, msg, pid, hostname, ...context } = parsed;
  if (context.err && typeof context.err === 'object' && !('error' in context)) {
    context.error = fromPinoError(context.err);
    delete context.err;
  }
  logger.log(PINO_LEVELS[level] ?? (typeof level === 'string' ? level : 'INFO'), msg ?? '', context, time ?? Date.now());
}

// pino's serialized error ({type, message, stack, ...extras}, errWithCause adds cause) in the shared shape.
function fromPinoError(err, depth = 0) {
  const { type, message, stack, cause, ...extras } = err;
  const shape = { type: type ?? 'Error', message: String(message ?? ''), stack: String(stack ?? ''), ...extras };
  if (cause !== undefined) shape.cause = cause && typeof cause === 'object' && depth < 8 ? fromPinoError(cause, depth + 1) : cause;
  return shape;
}

// pino.transport() entry point: options are DevSmithLogger options (url, apiKey, project, service, ...).
// In a worker thread process exit hooks do not apply; pino ends the stream at exit and final() flushes.
function devsmithTransport(options = {}) {
  return pinoDestination(new DevSmithLogger({ ...options, handleExit: false }));
}

// Named exports in this form are visible to `import { pinoDestination } from './pino-transport.cjs'` too.
exports.pinoDestination = pinoDestination;
exports.default = devsmithTransport; // what pino.transport() loads
