// Send winston logs to DevSmith with one line of config:
//   import winston from 'winston';
//   import { winstonStream } from './winston-transport.js';
//   const log = winston.createLogger({
//     format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.json()),
//     transports: [new winston.transports.Console(), new winston.transports.Stream({ stream: winstonStream() })],
//   });
// winston's Stream transport hands an object-mode stream the whole `info` object; every field other than
// level, message and timestamp becomes the entry's context.
import { Writable } from 'node:stream';
import { DevSmithLogger } from './logger.js';

// winston's default (npm) levels onto DevSmith's.
const WINSTON_LEVELS = { error: 'ERROR', warn: 'WARN', info: 'INFO', http: 'INFO', verbose: 'DEBUG', debug: 'DEBUG', silly: 'TRACE' };

export function winstonStream(logger = new DevSmithLogger()) {
  return new Writable({
    objectMode: true,
    write(info, _encoding, callback) {
      try {
        const { level, message, timestamp, ...context } = info; // symbol keys (winston internals) are skipped
        const time = timestamp ? Date.parse(timestamp) : NaN;
        logger.log(WINSTON_LEVELS[level] ?? level, message, context, Number.isNaN(time) ? Date.now() : time);
      } catch { /* never break the app's logging */ }
      callback();
    },
    final(callback) { logger.flush().then(() => callback(), () => callback()); },
  });
}
