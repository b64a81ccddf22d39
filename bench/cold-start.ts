/**
 * Cold start of the built server (issue 18: < 2 s to ready): N runs of `node dist/cli/main.js start` on a new
 * SQLite data directory each, timed from spawn to the first 200 of /readyz; then N in-process runs that time
 * the phases (import the modules, buildApp, listen, first /readyz) in a fresh Node process each.
 * Run `npm run build:server` first, then `npm run bench:cold-start -- --runs 5`.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT, tempDir } from '../test/helpers/server.js';
import { flags, fmt, positiveNumber } from './lib/args.js';

const HELP = `npm run bench:cold-start -- [--runs 5]
Starts the built server (dist/cli/main.js) --runs times on a new data directory and reports the time to the
first 200 of /readyz (median), then the in-process breakdown (import, buildApp, listen, first /readyz).`;
const args = flags({ runs: { type: 'string', default: '5' } }, HELP);
const runs = positiveNumber('runs', args.runs);
const MAIN = path.join(ROOT, 'dist/cli/main.js');
if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build:server" first`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function env(dataDir: string, port: number): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', DEVSMITH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
}

/** One start: ms from spawn to the first 200 of /readyz. */
async function startOnce(): Promise<number> {
  const dataDir = tempDir('cold-start-');
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, 'start'], { env: env(dataDir, port), stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// The server is one bundle (scripts/build-server.mjs): its phases are timed by a probe bundled the same way, run in a
// fresh process (start of the process → ready), as main.ts runs them.
const PROBE = `
const t0 = performance.now();
const { loadConfig } = await import('../../src/config.js');
const { buildApp } = await import('../../src/server/app.js');
const t1 = performance.now();
const { app, shutdown } = await buildApp(loadConfig(process.env));
const t2 = performance.now();
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
const t3 = performance.now();
const res = await fetch('http://127.0.0.1:' + process.env.PORT + '/readyz');
const t4 = performance.now();
process.stdout.write('\\nPHASES ' + JSON.stringify({ status: res.status, process: t0, import: t1 - t0, buildApp: t2 - t1, listen: t3 - t2, readyz: t4 - t3 }) + '\\n');
await shutdown();
process.exit(0);
`;
const PROBE_DIR = path.join(ROOT, 'build-output', 'cold-start');

async function bundleProbe(): Promise<string> {
  const { build } = await import('esbuild');
  const { BUNDLE_OPTIONS } = (await import(path.join(ROOT, 'scripts/build-server.mjs'))) as { BUNDLE_OPTIONS: object };
  fs.rmSync(PROBE_DIR, { recursive: true, force: true });
  fs.mkdirSync(PROBE_DIR, { recursive: true });
  fs.writeFileSync(path.join(PROBE_DIR, 'probe.ts'), PROBE);
  await build({ ...BUNDLE_OPTIONS, entryPoints: [path.join(PROBE_DIR, 'probe.ts')], outdir: path.join(PROBE_DIR, 'out') });
  return path.join(PROBE_DIR, 'out', 'probe.js');
}

type Phases = { status: number; process: number; import: number; buildApp: number; listen: number; readyz: number };

async function phasesOnce(probe: string): Promise<Phases> {
  const dataDir = tempDir('cold-start-');
  const port = await freePort();
  const out = spawnSync(process.execPath, [probe], { env: env(dataDir, port), encoding: 'utf8' });
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (out.status !== 0) throw new Error(`phase run failed: ${out.stderr}`);
  const line = /^PHASES (.*)$/m.exec(out.stdout)?.[1];
  if (!line) throw new Error(`no PHASES line in: ${out.stdout}`);
  const phases = JSON.parse(line) as Phases;
  if (phases.status !== 200) throw new Error(`/readyz answered ${phases.status}`);
  return phases;
}

const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const totals: number[] = [];
for (let i = 0; i < runs; i++) totals.push(await startOnce());
console.log(`cold start to ready, ${runs} runs: ${totals.map((t) => fmt(t)).join(' / ')} ms; median ${fmt(median(totals))} ms (target < 2,000) — load average ${load}`);
const probe = await bundleProbe();
const phases: Phases[] = [];
for (let i = 0; i < runs; i++) phases.push(await phasesOnce(probe));
const m = (k: keyof Phases) => fmt(median(phases.map((p) => p[k])));
console.log(`in process (median of ${runs}): node until the first line ${m('process')} ms, import ${m('import')} ms, buildApp ${m('buildApp')} ms, listen ${m('listen')} ms, first /readyz ${m('readyz')} ms`);
