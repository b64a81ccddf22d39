// Express 4/5 with DevSmith: one log line per request, and every unhandled error captured with its stack.
// Run: DEVSMITH_URL=... DEVSMITH_API_KEY=... DEVSMITH_SERVICE=web node express-example.cjs
// (CommonJS so it runs as is in any project; in an ES module app the same lines work with `import`.)
'use strict';
const express = require('express');
const { DevSmithLogger } = require('./logger.cjs');
const { requestLogger } = require('./express-request-logger.cjs');

const log = new DevSmithLogger(); // also sends uncaught exceptions as FATAL logs, then lets the process die
const app = express();

// One log per request, in the shape DevSmith's performance views read (docs/performance.md): context.http =
// {method, route, status, duration_ms} with the route's template (/orders/:id). Before the routes: it times them.
app.use(requestLogger(log));

app.get('/', (_req, res) => res.json({ hello: 'world' }));
app.get('/orders/:id', (req, res) => res.json({ order: req.params.id }));
app.get('/boom', () => { throw new Error('Something broke'); }); // Express 5 also catches rejected promises

// Error handler (four arguments): log the error with its stack, answer 500 without leaking it.
app.use((err, req, res, _next) => {
  log.error(`Unhandled error: ${err.message}`, { error: err, request_id: req.id });
  res.status(500).json({ error: 'Internal Server Error', request_id: req.id });
});

const server = app.listen(Number(process.env.PORT ?? 3001), () => {
  log.info('express example listening', { port: server.address().port });
});

// Graceful stop: finish open requests, deliver buffered logs, exit.
process.on('SIGTERM', () => server.close(async () => { await log.close(); process.exit(0); }));
