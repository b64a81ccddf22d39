/** A raw TCP client for the connection tests: sends exactly the bytes given, records when the server hangs up. */
import net from 'node:net';

export interface RawClient {
  socket: net.Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server closes the connection: after how many ms (from connect) and what it had sent. */
  closed: Promise<{ ms: number; data: string }>;
  /** Resolves once the server's answer contains `text`. */
  waitFor(text: string): Promise<void>;
  write(data: string): void;
}

export function rawClient(port: number, initial = ''): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let data = '';
    const waiters: Array<{ text: string; resolve: () => void }> = [];
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<{ ms: number; data: string }>((done) => {
      socket.on('close', () => done({ ms: performance.now() - started, data }));
    });
    socket.on('data', (chunk) => {
      data += chunk;
      for (const w of waiters.filter((w) => data.includes(w.text))) w.resolve();
    });
    socket.on('error', () => {}); // a reset by the server is an outcome the tests look at through `closed`
    socket.once('connect', () => {
      if (initial) socket.write(initial);
      resolve({
        socket,
        received: () => data,
        closed,
        waitFor: (text) => (data.includes(text) ? Promise.resolve() : new Promise((r) => waiters.push({ text, resolve: r }))),
        write: (s) => socket.write(s),
      });
    });
    socket.once('error', reject);
  });
}

/** Resolves with the value, or with `null` after `ms` (a connection the server kept open). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise, new Promise<null>((r) => setTimeout(() => r(null), ms).unref())]);
}
