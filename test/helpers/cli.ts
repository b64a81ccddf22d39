/** Runs the real `devsmith` CLI as a child process (through tsx, as the server helper does). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './server.js';

// Resolved here, so the CLI can run from any working directory (the ./data default is relative to it).
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

/** Starts the CLI with only PATH and HOME from this process plus `env`; `input` is written to stdin, then closed. */
export function spawnCli(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): CliProcess {
  const proc = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  if (opts.input !== undefined) proc.stdin!.end(opts.input);
  const done = new Promise<CliResult>((resolve) => proc.once('close', (code) => resolve({ code, stdout: out, stderr: err })));
  return { proc, stdout: () => out, stderr: () => err, done };
}

export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<CliResult> {
  return spawnCli(args, { input: '', ...opts }).done;
}

/** Polls until `check` is true or `ms` pass; returns whether it became true. */
export async function waitFor(check: () => boolean, ms = 20_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return check();
}
