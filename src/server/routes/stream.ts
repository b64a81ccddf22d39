/** GET /api/logs/stream: live tail as Server-Sent Events, with the same filters as the list. */
import type { FastifyInstance } from 'fastify';
import type { QueryString } from '../../query/params.js';
import { TailSubscription } from '../../query/tail.js';
import { TailGuard, type TailEndReason } from '../../query/tail-guard.js';
import { isLogId } from '../../store/types.js';
import { AppError } from '../../errors.js';
import { requireUser } from '../plugins/auth.js';
import { LogFilterQuery } from '../schemas.js';
import type { Services } from '../services.js';
import { logView } from '../views.js';

const HEARTBEAT_MS = 15_000;

export async function streamRoutes(app: FastifyInstance, opts: { services: Services; shutdown: AbortSignal; recheckMs?: number }) {
  const { services } = opts;

  app.get('/api/logs/stream', {
    preHandler: requireUser(services),
    schema: {
      tags: ['query'],
      summary:
        'Live tail (text/event-stream): `event: log` per new matching log; resumes from Last-Event-ID; ' +
        '`event: end` with the reason when the session, the user or the project access ends',
      querystring: LogFilterQuery,
      produces: ['text/event-stream'],
    },
  }, async (request, reply) => {
    const qs = request.query as QueryString;
    const filter = await services.queries.tailFilter(request.user!, qs);
    const lastEventId = request.headers['last-event-id'];
    if (lastEventId !== undefined && (typeof lastEventId !== 'string' || !isLogId(lastEventId.trim()))) {
      throw new AppError('VALIDATION_FAILED', 'Last-Event-ID must be the id of a log event this stream sent');
    }
    const startId = lastEventId?.trim() || (await services.store.maxLogId());

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx: do not buffer the stream
    });
    res.write(`retry: 2000\n: connected\n\n`);

    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // With no readable project it polls nothing until the guard finds one (a tail of all the user's projects).
    const sub = new TailSubscription(
      services.store,
      filter,
      startId,
      (logs) => {
        let chunk = '';
        for (const log of logs) chunk += `id: ${log.id}\nevent: log\ndata: ${JSON.stringify(logView(log))}\n\n`;
        res.write(chunk);
      },
      (err) => request.log.warn({ err: err.message }, 'live tail poll failed'),
    );
    const guard = new TailGuard(
      { accounts: services.accounts, readable: (user) => services.queries.readableFor(user, qs) },
      request.credential!,
      request.user!,
      {
        onEnd: (reason: TailEndReason) => {
          if (!res.writableEnded) res.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
          close();
        },
        onProjects: (ids) => sub.setProjectIds(ids),
        onError: (err) => request.log.warn({ err: err.message }, 'live tail access check failed'),
      },
      opts.recheckMs,
    );
    function close() {
      sub.stop();
      guard.stop();
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    }
    sub.start();
    guard.start();
    request.raw.on('close', close);
    res.on('close', close);
    opts.shutdown.addEventListener('abort', close, { once: true });
  });
}
