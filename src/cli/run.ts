/**
 * `devsmith run -- COMMAND`: runs the command with its output passed through to the terminal, ships each
 * stdout line (INFO unless it states a level) and stderr line (WARN unless it states one: programs write
 * warnings and diagnostics there, but also progress, so not ERROR) as logs, then one last log with the exit
 * code and duration. Exits with the command's own status (128+n when a signal ended it), even when logs were
 * lost: the job's result must not depend on the log server; losses are reported on stderr.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Level } from '../store/types.js';
import { toLog } from './log-line.js';
import type { CliValues } from './options.js';
import { levelFlag, lossSummary, shipperSetup } from './send.js';
import { Shipper } from './shipper.js';

type Env = Record<string, string | undefined>;

// The server truncates messages at 64 KiB by default; a line without a newline must not grow without bound.
const MAX_LINE_CHARS = 64 * 1024;

/** Calls `onLine` for each complete line of a byte stream, and for the unterminated rest at the end. */
function lineSplitter(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (line: string) => line.trim() && onLine(line);
  return {
    write(chunk: Buffer) {
      pending += decoder.write(chunk);
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        emit(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
      while (pending.length > MAX_LINE_CHARS) {
        emit(pending.slice(0, MAX_LINE_CHARS));
        pending = pending.slice(MAX_LINE_CHARS);
      }
    },
    end() {
      emit(pending + decoder.end());
      pending = '';
    },
  };
}

function exitLog(code: number | null, signal: NodeJS.Signals | null, program: string, durationMs: number) {
  const base = { timestamp: new Date().toISOString(), context: { command: program, duration_ms: durationMs } };
  if (signal) {
    const status = 128 + (os.constants.signals[signal] ?? 0);
    return { status, log: { ...base, level: 'ERROR' as Level, message: `killed by ${signal}`, context: { ...base.context, signal, exit_code: status } } };
  }
  const status = code ?? 1;
  return { status, log: { ...base, level: (status === 0 ? 'INFO' : 'ERROR') as Level, message: `exited ${status}`, context: { ...base.context, exit_code: status } } };
}

export async function runCommand(env: Env, values: CliValues, command: string[]): Promise<number> {
  const [program, ...args] = command;
  if (!program) throw new Error('name the command after "--", e.g. devsmith run --service nightly -- ./nightly.sh');
  const setup = shipperSetup(env, values);
  const service = values.service?.[0] ?? env.DEVSMITH_SERVICE ?? path.basename(program);
  const levels = { stdout: levelFlag(values.level?.[0], '--level', 'INFO'), stderr: levelFlag(values['stderr-level'], '--stderr-level', 'WARN') };
  const shipper = new Shipper({ ...setup, service, label: 'devsmith run' });
  const started = Date.now();

  const child = spawn(program, args, { stdio: ['inherit', 'pipe', 'pipe'], env });
  for (const stream of ['stdout', 'stderr'] as const) {
    const lines = lineSplitter((line) => {
      const log = toLog(line, levels[stream]);
      shipper.push({ ...log, context: { ...log.context, stream } });
    });
    child[stream].on('data', (chunk: Buffer) => {
      process[stream].write(chunk);
      lines.write(chunk);
    });
    child[stream].on('end', () => lines.end());
  }
  // SIGINT from a terminal already reaches the whole process group; forwarding it would deliver it twice.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const forwarded = ['SIGTERM', 'SIGHUP'] as const;
  for (const s of forwarded) process.on(s, forward);
  process.on('SIGINT', () => {});

  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: 127, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  for (const s of forwarded) process.off(s, forward);
  if (ended.error) {
    process.stderr.write(`devsmith run: cannot start ${program}: ${ended.error.message}\n`);
    shipper.push({ level: 'ERROR', message: `cannot start ${program}: ${ended.error.message}`, timestamp: new Date().toISOString(), context: { command: program } });
  }
  const { status, log } = exitLog(ended.code, ended.signal, program, Date.now() - started);
  shipper.push(log);
  await shipper.close();
  if (shipper.lost) process.stderr.write(`${lossSummary('devsmith run', shipper)}\n`);
  return status;
}
