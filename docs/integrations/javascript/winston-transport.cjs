// Send winston logs to DevSmith with one line of config:
//   const winston = require('winston');                             // or: import winston from 'winston';
//   const { winstonStream } = require('./winston-transport.cjs');   // or: import { winstonStream } from ...
//   const log = winston.createLogger({
//     format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.json()),
//     transports: [new winston.transports.Console(), new winston.transports.Stream({ stream: winstonStream() })],
//   });
// winston's Stream transport hands an object-mode stream the whole `info` object; every field other than
// level, message and timestamp becomes the entry's context. An error (`log.error(err)`, `log.error('msg', err)`)
// is sent as context.error = {type, message, stack, cause?} like every DevSmith sample.
// Request logs for the performance views: `app.use(requestLogger(log))` from express-request-logger.cjs writes
// context.http = {method, route, status, duration_ms} through this winston logger, route being the route template.
'use strict';
const { Writable } = require('node:stream');
const { DevSmithLogger, errorShape } = require('./logger.cjs');

// winston's default (npm) levels onto DevSmith's; others (syslog's warning, crit, ...) the logger maps itself.
const WINSTON_LEVELS = { error: 'ERROR', warn: 'WARN', info: 'INFO', http: 'INFO', verbose: 'DEBUG', debug: 'DEBUG', silly: 'TRACE' };

function winstonStream(logger = new DevSmithLogger()) {
  return new Writable({
    objectMode: true,
    write(info, _encoding, callback) {
      try {
        const { level, message, timestamp, ...context } = info; // symbol keys (winston internals) are skipped
        const time = timestamp ? Date.parse(timestamp) : NaN;
        logger.log(WINSTON_LEVELS[level] ?? level, message, withErrorShape(context), Number.isNaN(time) ? Date.now() : time);
      } catch { /* never break the app's logging */ }
      callback();
    },
    final(callback) { logger.flush().then(() => callback(), () => callback()); },
  });
}

// winston spreads a logged error into `info` (its own fields, and `stack` with format.errors({ stack: true })):
// gather them back into context.error. The stack's first line is "Type: message".
function withErrorShape(context) {
  if (typeof context.stack !== 'string' || 'error' in context) return context;
  const { stack, cause, name, ...rest } = context;
  const head = /^(\w+): ?(.*)$/.exec(stack.split('\n')[0]) ?? [];
  const error = { type: name ?? head[1] ?? 'Error', message: head[2] ?? '', stack };
  if (cause !== undefined) error.cause = cause instanceof Error ? errorShape(cause) : cause;
  return { ...rest, error };
}

// Named export in this form is visible to `import { winstonStream } from './winston-transport.cjs'` too.
exports.winstonStream = winstonStream;
