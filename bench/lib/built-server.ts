/**
 * Starts the built server (`node dist/cli/main.js start`, as `npm start` runs it) instead of the TypeScript
 * sources under tsx: no loader thread nor compiler in the process, so its memory is what production sees.
 * Needs `npm run build:server` first.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, ROOT, tempDir, type RunningServer } from '../../test/helpers/server.js';

export async function startBuiltServer(opts: { env?: Record<string, string>; dataDir?: string } = {}): Promise<RunningServer> {
  const entry = path.join(ROOT, 'dist/cli/main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build:server" first`);
  const port = await freePort();
  const dataDir = opts.dataDir ?? tempDir();
  let out = '';
  const proc = spawn(process.execPath, [entry, 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', DEVSMITH_DATA_DIR: dataDir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
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
