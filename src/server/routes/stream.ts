/** GET /api/logs/stream: live tail as Server-Sent Events, with the same filters as the list. */
import type { FastifyInstance } from 'fastify';
import type { QueryString } from '../../query/params.js';
import { TailSubscription } from '../../query/tail.js';
import { requireUser } from '../plugins/auth.js';
import { LogFilterQuery } from '../schemas.js';
import type { Services } from '../services.js';
import { logView } from '../views.js';

const HEARTBEAT_MS = 15_000;

export async function streamRoutes(app: FastifyInstance, opts: { services: Services; shutdown: AbortSignal }) {
  const { services } = opts;

  app.get('/api/logs/stream', {
    preHandler: requireUser(services),
    schema: {
      tags: ['query'],
      summary: 'Live tail (text/event-stream): `event: log` per new matching log; resumes from Last-Event-ID',
      querystring: LogFilterQuery,
      produces: ['text/event-stream'],
    },
  }, async (request, reply) => {
    const filter = await services.queries.filterFor(request.user!, request.query as QueryString);
    const lastEventId = request.headers['last-event-id'];
    const startId = typeof lastEventId === 'string' && /^\d{1,19}$/.test(lastEventId) ? lastEventId : await services.store.maxLogId();

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
    const sub = filter
      ? new TailSubscription(
          services.store,
          filter,
          startId,
          (logs) => {
            let chunk = '';
            for (const log of logs) chunk += `id: ${log.id}\nevent: log\ndata: ${JSON.stringify(logView(log))}\n\n`;
            res.write(chunk);
          },
          (err) => request.log.warn({ err: err.message }, 'live tail poll failed'),
        )
      : null;
    sub?.start();
    const close = () => {
      sub?.stop();
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    };
    request.raw.on('close', close);
    opts.shutdown.addEventListener('abort', close, { once: true });
  });
}
