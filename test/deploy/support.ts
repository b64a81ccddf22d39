/** Docker and docker-compose from the deploy tests: real commands, output kept for the failure message. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/server.js';

const run = promisify(execFile);

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests with "npm run test:deploy" (scripts/test-deploy.sh builds the images)`);
  return value;
}

export async function sh(cmd: string, args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { cwd: ROOT, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export const docker = (...args: string[]) => sh('docker', args);

export async function inspect<T>(id: string, format: string): Promise<T> {
  return JSON.parse(await docker('inspect', '--format', `{{json ${format}}}`, id)) as T;
}

/** Polls `url` until it answers 200; returns the milliseconds it took from `since`. */
export async function waitReady(url: string, since: number, ms = 120_000): Promise<number> {
  for (;;) {
    // A ref'd timer (AbortSignal.timeout's is not): docker-proxy may hold the connection open while nothing
    // else keeps the event loop alive.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 2000);
    try {
      if ((await fetch(url, { signal: abort.signal })).ok) return Date.now() - since;
    } catch {
      /* not up yet */
    } finally {
      clearTimeout(timer);
    }
    if (Date.now() - since > ms) throw new Error(`${url} not ready after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
