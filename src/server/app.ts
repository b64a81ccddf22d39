/**
 * buildApp(config) assembles the Fastify instance without listening (tests call `app.inject()`); main.ts
 * listens and handles signals. Infrastructure first (errors, cookies, OpenAPI), then the route groups.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import type { Config } from '../config.js';
import { ConnectionTracker, clientErrorHandler, serverTimeouts } from './connections.js';
import { Metrics } from './metrics.js';
import { BodyBudget, budgetRouteBodies } from './plugins/body-budget.js';
import { Turns } from './plugins/turns.js';
import { INFLATE_QUEUE_PER_SLOT, InflateGate } from './plugins/inflate-gate.js';
import { registerErrorHandler, sendProblem } from './plugins/error-handler.js';
import { OncePer, RequestLog } from './request-log.js';
import { archiveRoutes } from './routes/archives.js';
import { authRoutes } from './routes/auth.js';
import { errorRoutes } from './routes/errors.js';
import { perfRoutes } from './routes/perf.js';
import { exploreRoutes } from './routes/explore.js';
import { exportRoutes } from './routes/export.js';
import { ingestRoutes } from './routes/ingest.js';
import { lokiRoutes } from './routes/loki.js';
import { elasticsearchRoutes } from './routes/elasticsearch.js';
import { opsRoutes } from './routes/ops.js';
import { otlpRoutes } from './routes/otlp.js';
import { projectRoutes } from './routes/projects.js';
import { planRoutes } from './routes/plans.js';
import { queryRoutes } from './routes/query.js';
import { retentionRoutes } from './routes/retention.js';
import { storageRoutes } from './routes/storage.js';
import { insightPatternRoutes } from './routes/insights-patterns.js';
import { PatternUpkeep } from '../insights/patterns/upkeep.js';
import { alertChannelRoutes } from './routes/alert-channels.js';
import { startDeliveryWorker } from '../alerts/delivery.js';
import type { SenderOptions } from '../alerts/channels/index.js';
import { alertRoutes } from './routes/alerts.js';
import { AlertScheduler } from '../alerts/scheduler.js';
import { streamRoutes } from './routes/stream.js';
import { userRoutes } from './routes/users.js';
import { viewRoutes } from './routes/views.js';
import { insightsAiRoutes } from './routes/insights-ai.js';
import { buildServices, type Services } from './services.js';
import { lazySchemas } from './lazy-schemas.js';
import { SyslogReceiver } from '../protocols/syslog/receiver.js';
import type { GateOptions } from '../quotas/gate.js';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SERVER_BODY_LIMIT = 1024 * 1024;

export interface App {
  app: FastifyInstance;
  services: Services;
  metrics: Metrics;
  /** Memory of request bodies in flight (DEVSMITH_MAX_INFLIGHT_BODY_BYTES). */
  bodyBudget: BodyBudget;
  /** The syslog receiver when configured (DEVSMITH_SYSLOG_*): main.ts calls its listen() after the app's. */
  syslog: SyslogReceiver | null;
  /** The project patterns job (null when DEVSMITH_PATTERNS=off); tests call its runOnce(). */
  patterns: PatternUpkeep | null;
  /** The alert scheduler, null when DEVSMITH_ALERTS=off (tests call its tick()). */
  alertScheduler: AlertScheduler | null;
  /** Stops accepting, lets in-flight requests finish and commit, then closes the store. */
  shutdown(): Promise<void>;
  /** Compiles the route schemas still waiting for their first request (lazy-schemas.ts); returns how many. */
  compileSchemas(): number;
}

export interface BuildOptions {
  store?: Store;
  /** How often an open live tail re-checks its credential and projects (tests shorten it). */
  tailRecheckMs?: number;
  /** Logs read per store query by an export (tests shorten it to span many pages with few logs). */
  exportPageSize?: number;
  /** The retention job's clock (tests move time). */
  clock?: () => number;
  /** The quota gate's clock and random source (tests move time to the next UTC day). */
  quotaGate?: GateOptions;
  /** Pause of the project patterns job between runs (tests set it long and call runOnce themselves). */
  patternsIntervalMs?: number;
  /** Alert sends (tests: a trusted CA for their HTTPS receivers, a DNS resolver). */
  alertSender?: Partial<SenderOptions>;
}

/** Alert events (history) older than this are deleted with their deliveries. */
const ALERT_EVENT_RETENTION_MS = 90 * 86_400_000;

/** While the quota counter (Redis) is down every request would warn: once a minute per process says it. */
const quotaCounterDown = new OncePer(60_000);

/**
 * Request ids: `req-` and 12 random hex digits, drawn from a pool filled 6 KiB at a time. A randomBytes call per
 * request was 5 % of the CPU of a flood of refused requests (issue 9), most of it the call, not the bytes.
 */
function requestId(): string {
  if (idPoolAt + 12 > idPool.length) (idPool = randomBytes(6 * 1024).toString('hex')), (idPoolAt = 0);
  idPoolAt += 12;
  return `req-${idPool.slice(idPoolAt - 12, idPoolAt)}`;
}
let idPool = '';
let idPoolAt = 0; // in hex digits

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const store = opts.store ?? (await openStore(config));
  const services = await buildServices(config, store, {
    // Fails open, like the rate limit: ingestion must not stop because Redis did.
    onCounterError: (err) => {
      const held = quotaCounterDown.pass();
      if (held !== null) app.log.warn({ err: err.message, held_back: held }, 'quota counter unavailable; admitting logs without a quota check (said once a minute)');
    },
    ...opts.quotaGate,
  }, opts.clock);
  const bodyBudget = new BodyBudget(config.maxInflightBodyBytes, new InflateGate(config.inflateConcurrency, INFLATE_QUEUE_PER_SLOT * config.inflateConcurrency));
  const turns = new Turns(); // ingest requests start one per turn of the event loop (turns.ts)
  const metrics = new Metrics(() => services.writer.stats().queuedRows, () => bodyBudget.inFlight);
  const shutdownSignal = new AbortController();
  let shuttingDown = false;
  const schemas = lazySchemas();

  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // Keys, tokens, cookies and passwords never reach the server's logs.
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
          },
    genReqId: requestId,
    requestIdHeader: false,
    bodyLimit: SERVER_BODY_LIMIT,
    forceCloseConnections: false,
    return503OnClosing: true,
    // Slow and silent clients are cut off; shutdown() closes the stalled ones itself (connections.ts).
    http: serverTimeouts(config.timeouts),
    keepAliveTimeout: config.timeouts.keepAliveMs,
    requestTimeout: config.timeouts.requestMs,
    clientErrorHandler: clientErrorHandler(config.timeouts), // no 408 on a connection that sent nothing yet
    trustProxy: config.trustProxy,
    logController: new RequestLog(), // one line per request at debug; errors and slow requests at warn
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
    schemaController: { compilersFactory: schemas.compilersFactory },
  });

  const connections = new ConnectionTracker(app.server);
  // A keep-alive client learns that this connection ends with the answer, instead of reusing a closed socket.
  app.addHook('onSend', async (_request, reply) => {
    if (shuttingDown) reply.header('Connection', 'close');
  });
  registerErrorHandler(app);
  app.removeContentTypeParser('text/plain'); // JSON only: anything else answers 415
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'DevSmith Logs API', version: '0.1.0', description: 'Self-hosted log platform. See docs/api.md.' },
      components: {
        securitySchemes: {
          ingestKey: { type: 'http', scheme: 'bearer', description: 'Project ingest key dsk_... (or X-API-Key header)' },
          session: { type: 'apiKey', in: 'cookie', name: 'devsmith_session' },
          userToken: { type: 'http', scheme: 'bearer', description: 'User API token dsu_...' },
        },
      },
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    // Defence in depth for the dashboard, which shows untrusted log text: no inline or foreign scripts.
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    // Fastify would read and parse the body of a request to an unknown route before its 404, unauthenticated.
    if (request.is404 && request.method !== 'GET' && request.method !== 'HEAD') {
      return sendProblem(reply, request, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    }
  });
  app.decorateRequest('bodyBytesHeld', 0);
  app.addHook('onRoute', budgetRouteBodies(bodyBudget, SERVER_BODY_LIMIT));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(opsRoutes, { services, metrics, isShuttingDown: () => shuttingDown });
  await app.register(ingestRoutes, { services, metrics, bodyBudget, turns });
  await app.register(lokiRoutes, { services, metrics, bodyBudget, turns });
  await app.register(elasticsearchRoutes, { services, metrics, bodyBudget, turns });
  await app.register(otlpRoutes, { services, metrics, bodyBudget, turns });
  await app.register(authRoutes, { services });
  await app.register(userRoutes, { services });
  await app.register(projectRoutes, { services });
  await app.register(retentionRoutes, { services });
  await app.register(storageRoutes, { services });
  await app.register(planRoutes, { services });
  await app.register(queryRoutes, { services });
  await app.register(exploreRoutes, { services });
  await app.register(viewRoutes, { services });
  await app.register(errorRoutes, { services });
  await app.register(perfRoutes, { services });
  await app.register(insightPatternRoutes, { services });
  await app.register(archiveRoutes, { services });
  await app.register(alertRoutes, { services });
  await app.register(insightsAiRoutes, { services });
  await app.register(alertChannelRoutes, { services, senderExtras: opts.alertSender });
  await app.register(exportRoutes, { services, shutdown: shutdownSignal.signal, pageSize: opts.exportPageSize });
  await app.register(streamRoutes, { services, shutdown: shutdownSignal.signal, recheckMs: opts.tailRecheckMs });
  registerDashboard(app, config.webDir);
  const syslog = config.syslog ? new SyslogReceiver(config.syslog, services, metrics, app.log) : null;

  // Idempotency keys are honoured for 24 h; older records are pruned hourly (and once at start).
  // Alert history is kept 90 days (docs/alerts.md), pruned on the same hourly round.
  const prune = () =>
    Promise.all([
      store.pruneIdempotency(Date.now() - 24 * 3_600_000).catch((err: Error) => app.log.warn({ err: err.message }, 'idempotency prune failed')),
      store.pruneAlertEvents(Date.now() - ALERT_EVENT_RETENTION_MS).catch((err: Error) => app.log.warn({ err: err.message }, 'alert history prune failed')),
    ]);
  const maintenance = setInterval(prune, 3_600_000).unref();
  void prune();
  // Retention: first run one interval after start (a restart loop must not turn into a deletion loop).
  const retain = () =>
    services.retention.run().then(
      (r) => (r.deletedLogs || r.droppedDays.length || r.failed.length) && app.log.info({ retention: r }, 'retention run'),
      (err: Error) => app.log.warn({ err: err.message }, 'retention run failed'),
    );
  const retentionTimer = config.retentionIntervalMs ? setInterval(retain, config.retentionIntervalMs).unref() : null;
  // Project patterns: a job beside ingestion, never in its path (src/insights/patterns/upkeep.ts).
  const patterns = config.patterns
    ? new PatternUpkeep(store, { intervalMs: opts.patternsIntervalMs, fullRate: config.patternsFullRate || Infinity, cpuShare: config.patternsCpuPercent / 100 || Infinity, onError: (err) => app.log.warn({ err: err.message }, 'pattern upkeep failed') })
    : null;
  patterns?.start();
  // Alerts: rules due are evaluated every tick (docs/alerts.md); several instances share the work safely.
  const alertScheduler = config.alerts.enabled
    ? new AlertScheduler({
        store,
        publicUrl: config.alerts.publicUrl,
        tickMs: config.alerts.tickMs,
        clock: opts.clock,
        onError: (ruleId, err) => app.log.warn({ rule_id: ruleId, err: err.message }, 'alert rule evaluation failed'),
      })
    : null;
  alertScheduler?.start();
  // Archives asked for before a restart are written now (in the background, one day at a time).
  void services.archives.resume().catch((err: Error) => app.log.warn({ err: err.message }, 'archive resume failed'));

  // Alert deliveries (src/alerts/delivery.ts): pending and retrying sends, claimed with a lease.
  const alertDelivery = config.alerts.enabled ? startDeliveryWorker(services, config, app.log, { sender: opts.alertSender }) : null;

  async function shutdown(): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    await alertDelivery?.stop();
    clearInterval(maintenance);
    if (retentionTimer) clearInterval(retentionTimer);
    await alertScheduler?.stop();
    // Syslog first: it stops reading and hands every message it read to the writer, drained below.
    await syslog?.close().catch((err: Error) => app.log.error({ err }, 'syslog receiver close failed'));
    shutdownSignal.abort(); // ends live-tail streams so that close() is not held open by them
    const closing = app.close(); // stops accepting; waits for in-flight requests, whose batches commit before they answer
    // Half the shutdown limit for a body that was on its way; the other half is for committing and closing.
    connections.closeStalled(config.shutdownTimeoutMs / 2);
    try {
      await closing;
    } finally {
      connections.stop();
    }
    await services.writer.drain();
    await services.retention.stop();
    await patterns?.stop();
    await services.archives.stop();
    await services.limiter.close();
    await services.quotaCounter.close();
    services.keyInvalidations?.close();
    await services.insightsAi.providers.close();
    await store.close();
  }

  return { app, services, metrics, bodyBudget, syslog, patterns, alertScheduler, shutdown, compileSchemas: schemas.compileAll };
}

/** Serves the built dashboard with an SPA fallback; API paths keep their problem+json 404. */
function registerDashboard(app: FastifyInstance, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn(`dashboard not built (${index} missing): run "npm run build" to serve it`);
    app.setNotFoundHandler((request, reply) => sendProblem(reply, request, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`));
    return;
  }
  // No route for "/" here: it is shared with Elasticsearch clients' GET / (routes/elasticsearch.ts), which hands
  // browsers to the fallback below.
  void app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    const isApi = url.startsWith('/api/') || url === '/api' || url === '/metrics' || url.startsWith('/healthz') || url.startsWith('/readyz');
    if (request.method === 'GET' && !isApi && !path.extname(url)) return reply.type('text/html').sendFile('index.html');
    return sendProblem(reply, request, 'NOT_FOUND', `No route ${request.method} ${url}.`);
  });
}
