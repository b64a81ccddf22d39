/**
 * The HTTP server's connection timeouts, and closing connections on shutdown.
 *
 * Node times out a client that is slow to send its headers or its whole request, but only while the server
 * listens: `server.close()` also stops those checks and then waits for every open connection, so one client
 * that sent half a request (or nothing) would hold shutdown until the forced exit. `ConnectionTracker`
 * knows which sockets carry a fully received request (its handler may be committing a batch: it gets its
 * answer) and closes the others.
 */
import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from './config.js';

/**
 * Options for `http.createServer` (Fastify's `http` option). No socket inactivity timeout (Fastify's
 * `connectionTimeout`): it would also cut a slow query and a quiet live tail, which send nothing for a while.
 */
export function serverTimeouts(t: Config['timeouts']): ServerOptions {
  return {
    headersTimeout: t.headersMs,
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    // Node checks the two request timeouts every 30 s by default: a 10 s limit would really be up to 40 s.
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(t.headersMs / 4))),
  };
}

export class ConnectionTracker {
  /** Every open socket, with the requests it carries that have not been answered yet. */
  private readonly sockets = new Map<Socket, Set<IncomingMessage>>();
  private sweep: NodeJS.Timeout | null = null;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, new Set());
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res) => {
      const pending = this.sockets.get(req.socket);
      if (!pending) return;
      pending.add(req);
      res.once('close', () => pending.delete(req));
    });
  }

  get open(): number {
    return this.sockets.size;
  }

  /**
   * From now until `stop()`: closes every connection with nothing for a handler to finish (idle, silent, or
   * still sending headers, which would only be answered 503 now) and, after `graceMs`, those still sending a
   * body. Connections whose request was fully received stay open until it is answered.
   */
  closeStalled(graceMs: number): void {
    const started = Date.now();
    const pass = () => {
      const bodiesToo = Date.now() - started >= graceMs;
      for (const [socket, pending] of this.sockets) {
        if (pending.size === 0 || (bodiesToo && [...pending].every((req) => !req.complete))) socket.destroy();
      }
    };
    pass();
    this.sweep = setInterval(pass, 100);
    this.sweep.unref();
  }

  stop(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
  }
}
