// Express request logging in the shape DevSmith's performance views read (docs/performance.md): one log per
// finished request with context.http = {method, route, status, duration_ms}, route being the route's TEMPLATE
// (/orders/:id) so requests group by endpoint, not by id. Works with any of the samples' loggers:
//   const { requestLogger } = require('./express-request-logger.cjs');   // or: import { requestLogger } from ...
//   app.use(requestLogger(new DevSmithLogger()));   // the plain logger
//   app.use(requestLogger(pinoLogger));             // pino, with pinoDestination() or the pino transport
//   app.use(requestLogger(winstonLogger));          // winston, with winstonStream()
// Register it before the routes: it times everything after it. ERROR for 5xx, WARN for 4xx, INFO otherwise; the
// X-Request-Id header (or a new id) is answered back and logged as context.request_id.
'use strict';
const { randomUUID } = require('node:crypto');

function requestLogger(logger) {
  const emit = emitterFor(logger);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.id = req.get('x-request-id') ?? randomUUID();
    res.set('x-request-id', req.id);
    res.on('finish', () => {
      const duration_ms = Number(process.hrtime.bigint() - started) / 1e6; // a number, sub-ms (ns) precision
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      const path = req.originalUrl.split('?')[0];
      // req.route is the matched route and its path the template relative to its router (req.baseUrl). When no
      // route matched (a 404, or an answer sent by a middleware) Express has no template: the raw path stands in.
      const route = req.route ? `${req.baseUrl}${req.route.path}` : path;
      emit(level, `${req.method} ${path} ${res.statusCode}`, {
        http: { method: req.method, route, status: res.statusCode, duration_ms },
        request_id: req.id,
      });
    });
    next();
  };
}

// DevSmithLogger and winston take log(level, message, fields); pino takes logger[level](fields, message).
function emitterFor(logger) {
  if (typeof logger.log === 'function') return (level, message, fields) => logger.log(level, message, fields);
  if (typeof logger.info === 'function') return (level, message, fields) => logger[level](fields, message);
  throw new TypeError('requestLogger needs a DevSmithLogger, a pino or a winston logger');
}

// Named export in this form is visible to `import { requestLogger } from './express-request-logger.cjs'` too.
exports.requestLogger = requestLogger;
