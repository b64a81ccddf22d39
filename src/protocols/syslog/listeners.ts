/**
 * The sockets: UDP (one message per datagram, RFC 5426), TCP and TLS (RFC 6587 framing; RFC 5425 for TLS).
 * Each hands complete messages to `onMessage`; nothing here knows what a message means.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { SyslogListenerConfig } from '../../config.js';
import { StreamFramer } from './framing.js';

const MAX_CONNECTIONS = 4096;

export type OnMessage = (bytes: Buffer, truncated: boolean, listener: SyslogListenerConfig, peer: string | null) => void;

export interface BoundListener {
  config: SyslogListenerConfig;
  address: string;
  port: number;
}

export interface Listener {
  bound: BoundListener;
  /** Pauses or resumes reading from every stream connection (backpressure); UDP cannot wait. */
  setPaused(paused: boolean): void;
  /** Stops accepting and reading; every message already read has been handed over when it resolves. */
  close(): Promise<void>;
  /** Bytes of partial messages left in connections at close (not messages yet: lost, counted). */
  partialAtClose: number;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) as `10.0.0.1`. */
function peerOf(address: string | undefined): string | null {
  if (!address) return null;
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export async function listenUdp(config: SyslogListenerConfig, maxBytes: number, onMessage: OnMessage): Promise<Listener> {
  const socket = dgram.createSocket({ type: net.isIPv6(config.host) ? 'udp6' : 'udp4' });
  socket.on('message', (msg, rinfo) => {
    // A datagram is one message; a longer one than the limit is cut (a datagram is at most 64 KiB anyway).
    onMessage(msg.length > maxBytes ? msg.subarray(0, maxBytes) : msg, msg.length > maxBytes, config, peerOf(rinfo.address));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(config.port, config.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {}); // a send error (ICMP) on a receiving socket is of no consequence
  try {
    socket.setRecvBufferSize(8 * 1024 * 1024); // bursts from many devices; the kernel caps it (rmem_max)
  } catch {
    /* left at the system default */
  }
  const { address, port } = socket.address();
  return {
    bound: { config, address, port },
    setPaused: () => {},
    partialAtClose: 0,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

export async function listenStream(
  config: SyslogListenerConfig,
  maxBytes: number,
  onMessage: OnMessage,
  tlsFiles: { certFile: string; keyFile: string } | null,
  onError: (err: Error, peer: string | null) => void,
): Promise<Listener> {
  const sockets = new Map<net.Socket, StreamFramer>();
  let paused = false;
  const onConnection = (socket: net.Socket) => {
    const framer = new StreamFramer(maxBytes);
    const peer = peerOf(socket.remoteAddress);
    sockets.set(socket, framer);
    if (paused) socket.pause();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of framer.push(chunk)) onMessage(frame.bytes, frame.truncated, config, peer);
    });
    socket.on('end', () => {
      for (const frame of framer.end()) onMessage(frame.bytes, frame.truncated, config, peer);
      socket.end();
    });
    socket.on('error', (err) => onError(err, peer));
    socket.on('close', () => sockets.delete(socket));
  };
  const server = config.transport === 'tls' && tlsFiles
    ? tls.createServer({ cert: fs.readFileSync(tlsFiles.certFile), key: fs.readFileSync(tlsFiles.keyFile) }, onConnection)
    : net.createServer(onConnection);
  server.on('tlsClientError', (err: Error, socket: tls.TLSSocket) => onError(err, peerOf(socket.remoteAddress)));
  // Every TCP connection, TLS ones still in their handshake too: close() ends them all, or a silent client
  // would hold the shutdown until its handshake timed out.
  const raw = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    raw.add(socket);
    socket.once('close', () => raw.delete(socket));
  });
  // Each connection may hold up to one message's bytes: the count bounds the memory a flood of them takes.
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as net.AddressInfo;
  const listener: Listener = {
    bound: { config, address, port },
    partialAtClose: 0,
    setPaused(value) {
      paused = value;
      for (const socket of sockets.keys()) value ? socket.pause() : socket.resume();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Everything read so far was handed over synchronously in 'data'; what sits in a framer is part of a
      // message whose end never came.
      for (const [socket, framer] of sockets) {
        listener.partialAtClose += framer.pending;
        socket.destroy();
      }
      for (const socket of raw) socket.destroy();
      await closed;
    },
  };
  return listener;
}
