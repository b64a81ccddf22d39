/**
 * Starts the real server as a child process for end-to-end tests: a free port, a temporary data dir
 * (SQLite) unless DATABASE_URL is passed in `env`. `stop()` sends SIGTERM and waits; `kill()` is SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'devsmith-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * `built: true` runs `dist/cli/main.js` as `npm start` does (benchmarks: no tsx loader thread nor compiler in
 * the process, so memory is what production sees; needs `npm run build:server` first). `nodeArgs` go to node
 * before the entry (`--cpu-prof`: NODE_OPTIONS refuses it).
 */
export async function startServer(
  opts: { env?: Record<string, string>; dataDir?: string; port?: number; built?: boolean; nodeArgs?: string[] } = {},
): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDir();
  let out = '';
  // DEVSMITH_TEST_BUILT=1 runs every such test on the built bundle instead of the sources.
  const built = opts.built ?? process.env.DEVSMITH_TEST_BUILT === '1';
  const entry = built ? [path.join(ROOT, 'dist/cli/main.js')] : ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
  if (built && !fs.existsSync(entry[0]!)) throw new Error(`${entry[0]} is missing: run "npm run build:server" first`);
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry, 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEVSMITH_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not become ready in 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Bootstrapped {
  cookie: string;
  apiKey: string;
  project: { id: number; slug: string };
}

/** Creates the admin (first run) or logs in, then creates a project; returns the session cookie and key. */
export async function bootstrap(url: string, projectName = `Test ${Math.random().toString(36).slice(2, 8)}`): Promise<Bootstrapped> {
  const creds = { email: 'admin@example.com', password: 'correct horse battery', name: 'Admin' };
  let res = await fetch(`${url}/api/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds) });
  if (res.status === 409) {
    res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds) });
  }
  if (!res.ok) throw new Error(`setup/login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const created = await fetch(`${url}/api/logs/projects`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: projectName }),
  });
  if (created.status !== 201) throw new Error(`project create failed: ${created.status} ${await created.text()}`);
  const body = (await created.json()) as { project: { id: number; slug: string }; api_key: string };
  return { cookie, apiKey: body.api_key, project: { id: body.project.id, slug: body.project.slug } };
}
