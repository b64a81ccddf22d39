/**
 * The HTTP server's connection timeouts, and closing connections on shutdown.
 *
 * Node times out a client that is slow to send its headers or its whole request, but only while the server
 * listens: `server.close()` also stops those checks and then waits for every open connection, so one client
 * that sent half a request (or nothing) would hold shutdown until the forced exit. `ConnectionTracker`
 * knows which sockets carry a fully received request (its handler may be committing a batch: it gets its
 * answer) and closes the others.
 *
 * Node's headers timeout also runs on a connection that has sent nothing yet (a browser's preconnect, or a
 * connection a pooled client such as undici opens ahead of use), and Fastify's default `clientError` handler
 * then writes an unsolicited `408` on it. A client that has not read that yet (its event loop was busy, or it
 * sent its request at the same moment) takes the `408` as the answer to its next request, which is lost.
 * `clientErrorHandler` treats such a connection as idle instead.
 */
import { STATUS_CODES, type IncomingMessage, type Server, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config.js';

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

type ClientError = Error & { code?: string };

/** What Fastify's default handler answers (same bodies), with the `Connection: close` RFC 9110 asks for. */
const ANSWERS: Record<string, [status: number, message: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Client Timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Exceeded maximum allowed HTTP header size'],
};

/**
 * Fastify's `clientErrorHandler`. A connection on which not one byte has arrived when its headers timeout
 * expires is idle, not slow: nothing is written on it (no answer to a request nobody sent) and it is closed
 * silently once it has been idle for the keep-alive timeout, as after a response. Its first request, when it
 * comes, has the headers and request timeouts like any other (Node starts them at its first byte).
 */
export function clientErrorHandler(t: Config['timeouts']): (err: ClientError, socket: Socket) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) {
      closeIfStillSilent(socket, t.keepAliveMs - t.headersMs);
      return;
    }
    const [status, message] = ANSWERS[err.code ?? ''] ?? [400, 'Client Error'];
    const body = JSON.stringify({ error: STATUS_CODES[status], message, statusCode: status });
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\n\r\n${body}`);
    }
    socket.destroy(err);
  };
}

function closeIfStillSilent(socket: Socket, ms: number): void {
  if (ms <= 0) {
    socket.destroy();
    return;
  }
  // Once a byte arrives, Node's own timeouts govern the connection (and its keep-alive timeout after answering).
  const timer = setTimeout(() => socket.bytesRead === 0 && socket.destroy(), ms).unref();
  socket.once('close', () => clearTimeout(timer));
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
