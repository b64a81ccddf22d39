// Runs the performance-convention scenarios of docs/integrations/javascript for test/integrations/javascript.test.ts:
// the Express requestLogger with each of the samples' loggers (plain, pino, winston), and log.timed().
// Usage: node perf-driver.mjs <scenario>, configured by the DEVSMITH_* variables like any app.
import express from 'express';
import pino from 'pino';
import winston from 'winston';
import { requestLogger } from '../../../docs/integrations/javascript/express-request-logger.cjs';
import { DevSmithLogger } from '../../../docs/integrations/javascript/logger.cjs';
import { pinoDestination } from '../../../docs/integrations/javascript/pino-transport.cjs';
import { winstonStream } from '../../../docs/integrations/javascript/winston-transport.cjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const scenario = process.argv[2];
const service = process.env.DEVSMITH_SERVICE;

if (scenario === 'request-loggers') {
  // One logger per service: <service>-plain, <service>-pino, <service>-winston, each behind its own app.
  const plain = new DevSmithLogger({ service: `${service}-plain` });
  const viaPino = new DevSmithLogger({ service: `${service}-pino` });
  const viaWinston = new DevSmithLogger({ service: `${service}-winston` });
  const loggers = {
    plain,
    pino: pino(pinoDestination(viaPino)),
    winston: winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.Stream({ stream: winstonStream(viaWinston) })] }),
  };
  for (const logger of Object.values(loggers)) await exercise(logger);
  await sleep(100); // let winston's stream hand its entries over
  await Promise.all([plain, viaPino, viaWinston].map((log) => log.flush(30_000)));
} else if (scenario === 'timed') {
  const log = new DevSmithLogger();
  const rows = await log.timed('nightly-report', async () => { await sleep(5); return [1, 2, 3]; }, { day: '2026-12-01' });
  const sum = log.timed('sum', () => rows.reduce((a, b) => a + b, 0));
  try { await log.timed('export', async () => { throw new RangeError('disk full'); }); } catch (err) { console.log(`rethrown ${err.message}`); }
  try { log.timed('parse', () => { throw new TypeError('bad row'); }); } catch (err) { console.log(`rethrown ${err.message}`); }
  console.log(`RESULT ${JSON.stringify({ rows: rows.length, sum })}`);
  await log.flush(30_000);
} else {
  console.error(`unknown scenario ${scenario}`);
  process.exitCode = 2;
}

// An app with a plain route, a templated one, one on a mounted router (req.baseUrl), a failing one; then a 404.
async function exercise(logger) {
  const app = express();
  app.use(requestLogger(logger));
  const api = express.Router();
  api.get('/items/:sku', (req, res) => res.json({ sku: req.params.sku }));
  app.use('/api', api);
  app.get('/orders/:id', (req, res) => res.json({ order: req.params.id }));
  app.post('/orders', (_req, res) => res.status(201).json({}));
  app.get('/boom', () => { throw new Error('Something broke'); });
  app.use((_err, _req, res, _next) => res.status(500).json({ error: 'Internal Server Error' }));
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const base = `http://127.0.0.1:${server.address().port}`;
  for (const [method, path] of [['GET', '/orders/42'], ['POST', '/orders'], ['GET', '/api/items/ab-1?x=1'], ['GET', '/boom'], ['GET', '/no/such/page']]) {
    await (await fetch(base + path, { method, headers: { 'x-request-id': `req ${method} ${path}` } })).arrayBuffer();
  }
  await new Promise((resolve) => server.close(resolve));
}
