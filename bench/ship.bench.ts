/**
 * File agent benchmark: how many JSON lines per second `devsmith ship` reads, parses and delivers from one
 * file to a local server (SQLite by default), with the agent's own CPU use (one Node process: at most about
 * one core) and peak memory. The file is written before the clock starts; the run ends when the agent's
 * checkpoint (acknowledged bytes) reaches the end of the file. Target (issue 16): ≥ 50k lines/s.
 * Run `npm run bench:ship -- --help`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bootstrap, ROOT, startServer, tempDir } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { entry, rng } from './lib/logs.js';
import { cpuMs, memoryMb } from './lib/proc.js';

const HELP = `npm run bench:ship -- [--lines 1000000] [--batch-lines 5000] [--inflight 4] [--built]
Writes --lines pino-style JSON lines to a temporary file, starts the server and the agent, and reports lines/s
until every byte is acknowledged, and the agent's CPU time (lines per agent CPU-second: its cost on one core,
whatever the server's speed). --inflight: batches of the file in flight at once. --cpu-prof DIR writes the agent's CPU profile there. --built runs dist/cli/main.js for both (npm run build:server first).`;

const args = flags({ lines: { type: 'string', default: '1000000' }, 'batch-lines': { type: 'string', default: '5000' }, inflight: { type: 'string', default: '4' }, 'cpu-prof': { type: 'string' }, built: { type: 'boolean', default: false } }, HELP);
const lines = positiveNumber('lines', args.lines);
const batchLines = positiveNumber('batch-lines', args['batch-lines']);
const inflight = positiveNumber('inflight', args.inflight);

const dir = tempDir('ship-bench-');
const file = path.join(dir, 'app.log');
const r = rng(7);
const out = fs.openSync(file, 'w');
const now = Date.now();
for (let i = 0; i < lines; i += 10_000) {
  const chunk: string[] = [];
  for (let j = i; j < Math.min(lines, i + 10_000); j++) {
    const e = entry(r);
    chunk.push(JSON.stringify({ level: e.level.toLowerCase(), time: now - (lines - j), msg: e.message, ...e.context }));
  }
  fs.writeSync(out, `${chunk.join('\n')}\n`);
}
fs.closeSync(out);
const size = fs.statSync(file).size;
console.log(`file: ${fmt(lines)} lines, ${fmt(size / 1024 / 1024, 1)} MB`);

const server = await startServer({ built: args.built, env: { LOG_LEVEL: 'warn' } });
const boot = await bootstrap(server.url);
const config = path.join(dir, 'ship.json');
fs.writeFileSync(config, JSON.stringify({ state_dir: path.join(dir, 'state'), sources: [{ path: file, format: 'json', service: 'bench' }], tuning: { batch_lines: batchLines, poll_ms: 20, inflight } }));
const entryArgs = args.built ? [path.join(ROOT, 'dist/cli/main.js')] : ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
const started = Date.now();
const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args['cpu-prof'])] : [];
const agent = spawn(process.execPath, [...profile, ...entryArgs, 'ship', '--config', config], {
  cwd: ROOT,
  env: { PATH: process.env.PATH, HOME: process.env.HOME, DEVSMITH_URL: server.url, DEVSMITH_API_KEY: boot.apiKey },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const checkpointFile = path.join(dir, 'state', 'checkpoints.json');
const acked = () => {
  try {
    const state = JSON.parse(fs.readFileSync(checkpointFile, 'utf8')) as { files: Record<string, { offset: number; pending?: unknown }> };
    return Math.max(0, ...Object.values(state.files).filter((f) => !f.pending).map((f) => f.offset));
  } catch {
    return 0; // not written yet, or between write and rename
  }
};
let peak = 0;
while (acked() < size) {
  if (agent.exitCode !== null) throw new Error(`the agent exited with ${agent.exitCode}`);
  peak = Math.max(peak, memoryMb(agent.pid!).peak);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const seconds = (Date.now() - started) / 1000;
const agentCpuSeconds = cpuMs(agent.pid!) / 1000;
const agentCpu = agentCpuSeconds / seconds;
const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
agent.kill('SIGTERM');
await new Promise((resolve) => agent.once('exit', resolve));
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`shipped ${fmt(lines)} lines in ${fmt(seconds, 2)} s: ${fmt(lines / seconds)} lines/s (target ≥ 50,000)`);
console.log(`agent: ${fmt(agentCpuSeconds, 2)} CPU-seconds = ${fmt(lines / agentCpuSeconds)} lines per agent CPU-second (target ≥ 50,000 on one core); ${fmt(agentCpu, 2)} cores on average (startup included), peak RSS ${fmt(peak)} MB`);
console.log(`inflight ${inflight}, batch ${fmt(batchLines)} lines; server: SQLite, ${server.url}; load average ${load}`);
