// Send pino logs to DevSmith. Two ways, pick one:
//   1. In-process destination (simplest; the DevSmithLogger flushes at exit on its own):
//        import pino from 'pino';
//        import { pinoDestination } from './pino-transport.js';
//        const log = pino({ level: 'info' }, pinoDestination());
//   2. A pino transport (runs in pino's worker thread; give it an absolute path):
//        const log = pino(pino.transport({ target: new URL('./pino-transport.js', import.meta.url).pathname,
//                                          options: { service: 'api' } }));
// Both keep every field you log (log.info({ user_id: 1 }, 'hi')) as the entry's context.
import { Writable } from 'node:stream';
import { DevSmithLogger } from './logger.js';

const PINO_LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

export function pinoDestination(logger = new DevSmithLogger()) {
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
  try {
    const { level, time, msg, pid, hostname, ...context } = JSON.parse(line);
    logger.log(PINO_LEVELS[level] ?? (typeof level === 'string' ? level : 'INFO'), msg ?? '', context, time ?? Date.now());
  } catch {
    logger.log('INFO', line); // not JSON (a custom formatter?): keep the text
  }
}

// pino.transport() entry point: options are DevSmithLogger options (url, apiKey, project, service, ...).
// In a worker thread process exit hooks do not apply; pino ends the stream at exit and final() flushes.
export default function devsmithTransport(options = {}) {
  return pinoDestination(new DevSmithLogger({ ...options, handleExit: false }));
}
