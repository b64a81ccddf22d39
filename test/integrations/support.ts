// Shared pieces of the integration tests: run a sample program, read logs back from the real server, and a
// small real HTTP peer for the answers a healthy server does not give on demand (429 with Retry-After, 503, 400).
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const integrationsDir = `${repoRoot}docs/integrations`;

export interface ProgramResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/** Runs a program to its end (killing it after timeoutMs) and collects its output. */
export function runProgram(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<ProgramResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? repoRoot, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr, ms: Date.now() - started }); });
  });
}

/** The `RESULT {...}` line a scenario prints for the test to read. */
export function resultOf(run: ProgramResult): Record<string, number> {
  const line = run.stdout.split('\n').find((l) => l.includes('RESULT {'));
  if (!line) throw new Error(`no RESULT line in output:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(line.slice(line.indexOf('{')));
}

export interface StoredLog {
  id: string; project_id: string | number; timestamp: string; level: string; service: string; message: string;
  context: Record<string, any> | null;
}

/** Every log of one service in the project, following the cursor. */
export async function readLogs(url: string, cookie: string, project: string, service: string): Promise<StoredLog[]> {
  const out: StoredLog[] = [];
  let cursor = '';
  for (let page = 0; page < 100; page++) {
    const query = new URLSearchParams({ project, service, limit: '1000' });
    if (cursor) query.set('cursor', cursor);
    const res = await fetch(`${url}/api/logs?${query}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`GET /api/logs answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { data: StoredLog[]; next_cursor: string | null };
    out.push(...body.data);
    if (!body.next_cursor || body.data.length === 0) break;
    cursor = body.next_cursor;
  }
  return out;
}

/** Polls readLogs until at least `count` logs are there (or timeoutMs), then returns them all. */
export async function waitForLogs(url: string, cookie: string, project: string, service: string, count: number, timeoutMs = 15_000): Promise<StoredLog[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = await readLogs(url, cookie, project, service);
    if (logs.length >= count || Date.now() > deadline) return logs;
    await sleep(200);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Messages that occur more than once. */
export function duplicates(messages: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(messages.filter((m) => (seen.has(m) ? true : (seen.add(m), false))))];
}

export interface PeerRequest { at: number; path: string; headers: IncomingHttpHeaders; body: any }
export interface PeerAnswer { status: number; headers?: Record<string, string>; body?: unknown }

/** A real HTTP server on 127.0.0.1 that records what the sample sent and answers `answer(n)` to the n-th request. */
export async function startPeer(answer: (n: number) => PeerAnswer): Promise<{ url: string; requests: PeerRequest[]; close(): Promise<void> }> {
  const requests: PeerRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      let body: any = raw.toString();
      try { body = JSON.parse(body); } catch { /* keep the text */ }
      requests.push({ at: Date.now(), path: req.url ?? '', headers: req.headers, body });
      const a = answer(requests.length);
      const problem = a.status >= 400;
      res.writeHead(a.status, { 'content-type': problem ? 'application/problem+json' : 'application/json', ...a.headers });
      res.end(JSON.stringify(a.body ?? (problem ? {} : { count: body?.logs?.length ?? 1, message: 'ok' })));
    });
  });
  const url = await listen(server);
  return { url, requests, close: () => closeServer(server) };
}

/** A TCP server that accepts connections and never answers: the worst case for a blocking logger. */
export async function startHungPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => { sockets.add(socket); socket.on('error', () => {}); socket.resume(); });
  const url = await listen(server as unknown as Server);
  return { url, close: async () => { for (const s of sockets) s.destroy(); await closeServer(server as unknown as Server); } };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('peer did not get a port');
  return `http://127.0.0.1:${address.port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A free TCP port on 127.0.0.1 (for the framework examples). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls a URL until it answers (any status), for example servers that take a moment to listen. */
export async function waitUntilUp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { await fetch(url); return; } catch (err) {
      if (Date.now() > deadline) throw new Error(`${url} did not come up: ${String(err)}`);
      await sleep(200);
    }
  }
}

export const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
