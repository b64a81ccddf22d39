// Express 4/5 with DevSmith: one log line per request, and every unhandled error captured with its stack.
// Run: DEVSMITH_URL=... DEVSMITH_API_KEY=... DEVSMITH_SERVICE=web node express-example.js
import express from 'express';
import { randomUUID } from 'node:crypto';
import { DevSmithLogger } from './logger.js';

const log = new DevSmithLogger();
const app = express();

// Request logging: method, path, status, duration and a request id (taken from the proxy or made here).
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  req.id = req.get('x-request-id') ?? randomUUID();
  res.set('x-request-id', req.id);
  res.on('finish', () => {
    const duration_ms = Number(process.hrtime.bigint() - started) / 1e6;
    const level = res.statusCode >= 500 ? 'ERROR' : res.statusCode >= 400 ? 'WARN' : 'INFO';
    log.log(level, `${req.method} ${req.path} ${res.statusCode}`, {
      method: req.method, path: req.path, status: res.statusCode,
      duration_ms: Math.round(duration_ms * 100) / 100, request_id: req.id,
    });
  });
  next();
});

app.get('/', (_req, res) => res.json({ hello: 'world' }));
app.get('/boom', () => { throw new Error('Something broke'); }); // Express 5 also catches rejected promises

// Error handler (four arguments): log the error with its stack, answer 500 without leaking it.
app.use((err, req, res, _next) => {
  log.error(`Unhandled error: ${err.message}`, { error: err, method: req.method, path: req.path, request_id: req.id });
  res.status(500).json({ error: 'Internal Server Error', request_id: req.id });
});

// Errors outside any request: record them, flush, then crash as Node would have.
process.on('uncaughtException', async (err) => {
  log.fatal(`Uncaught exception: ${err.message}`, { error: err });
  await log.close();
  process.exit(1);
});

const server = app.listen(Number(process.env.PORT ?? 3001), () => {
  log.info('express example listening', { port: server.address().port });
});

// Graceful stop: finish open requests, deliver buffered logs, exit.
process.on('SIGTERM', () => server.close(async () => { await log.close(); process.exit(0); }));
