/**
 * A lean HTTP load client: keep-alive `node:http` connections, bodies serialised before the clock starts,
 * N connections each sending its next request as soon as the previous answer arrives (closed loop), or at
 * a fixed total rate (open loop: latency is measured from the scheduled send time, so a stalled server
 * shows up in the percentiles instead of silently slowing the client down).
 */
import http from 'node:http';

export interface LoadOptions {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** Request bodies, used round-robin (or built on demand by a function of the request number). */
  bodies: Buffer[] | ((n: number) => Buffer);
  concurrency: number;
  durationMs: number;
  /** Total requests per second across all connections; unset = as fast as the server answers. */
  rate?: number;
  /** Stop after this many requests (fault tests bound their load by count as well as time). */
  maxRequests?: number;
  /** Called with every answer; `n` is the request number given to `bodies`. */
  onResponse?: (status: number, n: number, body: string, headers: http.IncomingHttpHeaders) => void;
  /** Called for a request that got no answer (connection refused or reset). */
  onError?: (err: Error, n: number) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface LoadResult {
  requests: number;
  byStatus: Record<string, number>;
  latenciesMs: number[];
  elapsedMs: number;
  /** CPU time of this (client) process during the run, ms: shows whether the client was the limit. */
  clientCpuMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function send(agent: http.Agent, opts: LoadOptions, body: Buffer): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  const u = new URL(opts.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: opts.path,
        method: 'POST',
        agent,
        headers: { ...opts.headers, 'content-length': String(body.length) },
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const byStatus: Record<string, number> = {};
  const latenciesMs: number[] = [];
  const bodyOf = typeof opts.bodies === 'function' ? opts.bodies : (n: number) => (opts.bodies as Buffer[])[n % (opts.bodies as Buffer[]).length]!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  let next = 0;
  const interval = opts.rate ? 1000 / opts.rate : 0;

  async function connection(): Promise<void> {
    for (;;) {
      if (opts.signal?.aborted) return;
      if (opts.maxRequests !== undefined && next >= opts.maxRequests) return;
      const n = next++;
      let scheduled = performance.now();
      if (interval) {
        scheduled = t0 + n * interval;
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      if (scheduled >= end) return;
      try {
        const res = await send(agent, opts, bodyOf(n));
        latenciesMs.push(performance.now() - scheduled);
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        opts.onResponse?.(res.status, n, res.text, res.headers);
      } catch (err) {
        byStatus.error = (byStatus.error ?? 0) + 1;
        opts.onError?.(err as Error, n);
        await new Promise((r) => setTimeout(r, 20)); // a refused connection fails at once: do not spin
      }
    }
  }

  await Promise.all(Array.from({ length: opts.concurrency }, connection));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  latenciesMs.sort((a, b) => a - b);
  return { requests: latenciesMs.length, byStatus, latenciesMs, elapsedMs, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}
