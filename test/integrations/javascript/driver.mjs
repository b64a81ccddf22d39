// Runs one scenario of docs/integrations/javascript for test/integrations/javascript.test.ts.
// Usage: node driver.mjs <scenario>, configured by the DEVSMITH_* variables like any app.
import pino from 'pino';
import winston from 'winston';
import { DevSmithLogger } from '../../../docs/integrations/javascript/logger.cjs';
import { pinoDestination } from '../../../docs/integrations/javascript/pino-transport.cjs';
import { winstonStream } from '../../../docs/integrations/javascript/winston-transport.cjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const scenario = process.argv[2];

if (scenario === 'deliver') {
  const log = new DevSmithLogger();
  log.info('plain info', { user_id: 42, nested: { a: 1 } });
  log.error('plain error', { code: 'E42' });
  const viaPino = pino({ level: 'debug' }, pinoDestination(log));
  viaPino.warn({ order_id: 7 }, 'pino warn');
  viaPino.error({ err: new Error('card declined') }, 'pino error');
  const viaWinston = winston.createLogger({
    level: 'debug',
    format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: winstonStream(log) })],
  });
  viaWinston.warn('winston warn', { order_id: 8 });
  viaWinston.debug('winston debug');
  // pino's worker-thread transport, as `pino.transport({ target })` users configure it; it flushes at exit.
  const worker = pino(pino.transport({ target: new URL('../../../docs/integrations/javascript/pino-transport.cjs', import.meta.url).pathname }));
  worker.info({ via: 'worker' }, 'pino transport info');
  await sleep(100); // let winston's stream hand its entries over
  await log.flush(30_000);
} else if (scenario === 'exit-at-once') { // no flush: beforeExit must deliver
  const log = new DevSmithLogger();
  for (let i = 0; i < 250; i++) log.info(`exit ${i}`);
} else if (scenario === 'exit-on-sigterm') { // no app handler: flush, then die of SIGTERM as Node would
  const log = new DevSmithLogger();
  for (let i = 0; i < 20; i++) log.info(`sigterm ${i}`);
  const viaPino = pino(pinoDestination()); // a second logger in the same process
  for (let i = 0; i < 5; i++) viaPino.info(`sigterm pino ${i}`);
  setInterval(() => {}, 1000); // a long-running app
  process.kill(process.pid, 'SIGTERM');
} else if (scenario === 'concurrent') {
  const log = new DevSmithLogger();
  const viaPino = pino(pinoDestination(log));
  await Promise.all(Array.from({ length: 50 }, async (_, task) => {
    for (let i = 0; i < 100; i++) {
      if (i % 2) viaPino.info({ task }, `a${task}-${i}`); else log.info(`a${task}-${i}`, { task });
      if (i % 10 === 0) await sleep(Math.random() * 5);
    }
  }));
  await log.flush(30_000);
} else if (scenario === 'steady') { // the test takes the server down and back meanwhile
  const log = new DevSmithLogger();
  for (let i = 0; i < 600; i++) { log.info(`steady ${i}`, { i }); await sleep(5); }
  await log.flush(60_000);
} else if (scenario === 'one-then-flush') {
  const log = new DevSmithLogger();
  for (let i = 0; i < 3; i++) log.info(`one ${i}`);
  await log.flush(20_000);
} else if (scenario === 'unreachable-fast') {
  const log = new DevSmithLogger({ exitTimeoutMs: 500 });
  const viaPino = pino(pinoDestination(log));
  const started = performance.now();
  for (let i = 0; i < 500; i++) { log.info(`fast ${i}`, { i }); viaPino.info({ i }, `fast pino ${i}`); }
  console.log(`RESULT ${JSON.stringify({ elapsed_ms: performance.now() - started })}`);
} else if (scenario === 'drop') {
  const log = new DevSmithLogger({ maxBuffer: 50, flushIntervalMs: 3_600_000 });
  for (let i = 0; i < 120; i++) log.info(`drop ${i}`);
  await log.flush(30_000);
} else if (scenario === 'aliases') { // the level names people write, sent as written and mapped like the server
  const log = new DevSmithLogger();
  for (const level of ['warning', 'critical', 'err', 'notice', 'Fatal']) log.log(level, `alias ${level}`);
  await log.flush(30_000);
} else if (scenario === 'error-shape') {
  const log = new DevSmithLogger();
  const err = Object.assign(new TypeError('charge failed', { cause: new Error('peer reset') }), { code: 'E_CHARGE' });
  log.error('shaped error', { error: err });
  log.error('error as context', err);
  const viaPino = pino({ serializers: { err: pino.stdSerializers.errWithCause } }, pinoDestination(log));
  viaPino.error({ err }, 'pino shaped error');
  pino(pinoDestination(log)).error(new RangeError('pino default'), 'pino default error');
  const viaWinston = winston.createLogger({
    format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: winstonStream(log) })],
  });
  viaWinston.error(new RangeError('winston failed'));
  viaWinston.error('winston with meta', new TypeError('winston meta failed'));
  await sleep(100); // let winston's stream hand its entries over
  await log.flush(30_000);
} else if (scenario === 'unreachable-running') { // the server is down for the whole run: say so while running
  const log = new DevSmithLogger({ flushIntervalMs: 200, reportIntervalMs: 1000, maxBackoffMs: 200, exitTimeoutMs: 500 });
  for (let i = 0; i < 30; i++) { log.info(`running ${i}`); await sleep(100); }
  process.stderr.write('DRIVER: still running\n');
} else if (scenario === 'close-unreachable') { // five logs, a hung server, and the exit deadline
  const log = new DevSmithLogger({ exitTimeoutMs: 500 });
  for (let i = 0; i < 5; i++) log.info(`lost ${i}`);
} else if (scenario === 'default-url') {
  const log = new DevSmithLogger({ exitTimeoutMs: 500 });
  log.info('nowhere');
} else if (scenario === 'crash' || scenario === 'crash-top-level' || scenario === 'crash-opt-out') { // logs buffered, then an uncaught exception
  const log = new DevSmithLogger({ flushIntervalMs: 3_600_000, captureCrashes: scenario !== 'crash-opt-out' });
  for (let i = 0; i < 3; i++) log.info(`before crash ${i}`);
  const crash = () => { throw new Error('driver crashed', { cause: new Error('card') }); };
  if (scenario === 'crash-top-level') crash();
  setTimeout(crash, 50);
} else if (scenario === 'crash-rejection') {
  const log = new DevSmithLogger({ flushIntervalMs: 3_600_000 });
  log.info('before rejection');
  setTimeout(() => Promise.reject(new RangeError('driver rejected')), 50);
} else if (scenario === 'process-exit') { // process.exit() with logs still buffered: nothing async runs after it
  const log = new DevSmithLogger({ flushIntervalMs: 3_600_000 });
  for (let i = 0; i < 10; i++) log.info(`before exit ${i}`);
  process.exit(3);
} else {
  console.error(`unknown scenario ${scenario}`);
  process.exitCode = 2;
}
