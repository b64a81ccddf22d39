/**
 * The unauthenticated gzip flood of issue 9: 400 requests at once, each ~50 KB on the wire and 10 MiB of
 * JSON once inflated, first without a key, then with a valid one (rate limit raised out of the way). The
 * server's RSS (read from /proc outside the process) must stay under 1 GB and /healthz must keep answering;
 * every answer is 401/429/503/201/200 (413 for batches over the entry limit), and what was acknowledged is
 * stored. Then the same with bodies of the JSON shape that costs most once parsed. Bounded: 3 × 400 requests to
 * 127.0.0.1. Prints the figures.
 *   node --import tsx --test test/faults/body-flood.test.ts
 * Beside /healthz as a client sees it, it prints the server's own longest event-loop delay (prom-client's
 * monitorEventLoopDelay: timer lateness, which on a loaded machine includes time the OS ran other processes).
 * FLOOD_PROF=DIR writes the server's CPU profiles (--cpu-prof) into DIR.
 * One store (SQLite): the budget is in the HTTP layer, in front of any store.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { percentile } from '../../bench/lib/load.js';
import { entry, rng } from '../../bench/lib/logs.js';
import { bootstrap, startServer, type RunningServer } from '../helpers/server.js';
import { SERVER_ENV, sleep, sqliteBackend, type Backend } from './support.js';

const MiB = 1024 * 1024;
const REQUESTS = 400;
const RSS_LIMIT = 1024 * MiB;
/** Past this the server is killed at once, to spare a shared machine (the test then fails on the RSS bound). */
const RSS_KILL = 1536 * MiB;
const ENTRIES = 10_000; // the batch limit: each entry ~1 KiB, 10 MiB in all
const ANSWERS = new Set([200, 201, 401, 413, 429, 503]);

/**
 * Gzip bodies in three members (gzip allows several, inflated one after the other): a small per-request head
 * naming the service `flood-<n>`, about 10 MiB of entries compressed once, and the closing brackets.
 * `realistic`: 10,000 log entries of ~1 KiB. `empty-objects`: `[{},{},...]`, the JSON that costs most memory
 * per byte once parsed (22x its size), refused only after parsing (413 TOO_MANY_ENTRIES).
 */
function floodBodies(shape: 'realistic' | 'empty-objects'): { body(n: number): Buffer; inflatedBytes: number } {
  let entriesText: string;
  if (shape === 'realistic') {
    const r = rng(9);
    const distinct = Array.from({ length: 24 }, () => {
      const e = entry(r);
      const bare = JSON.stringify({ level: e.level, message: e.message, context: { ...e.context, detail: '' } });
      return JSON.stringify({ level: e.level, message: e.message, context: { ...e.context, detail: 'd'.repeat(1047 - bare.length) } });
    });
    entriesText = Array.from({ length: ENTRIES }, (_, i) => distinct[i % distinct.length]).join(',');
  } else {
    entriesText = `${'{},'.repeat(10 * MiB / 3 - 1)}{}`;
  }
  const middle = gzipSync(entriesText);
  const tail = gzipSync(']}');
  return {
    body: (n) => Buffer.concat([gzipSync(`{"service_name":"flood-${n}","logs":[`), middle, tail]),
    inflatedBytes: entriesText.length,
  };
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

function post(url: URL, agent: http.Agent, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: '/api/logs/batch', method: 'POST', agent, timeout: 60_000, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

interface FloodResult {
  statuses: Map<number, number>;
  accepted: number[];
  errors: string[];
  peakRss: number;
  healthz: number[];
  healthzFailures: number;
  /** The server's own longest event-loop delay during the flood (prom-client's monitorEventLoopDelay). */
  loopLagMaxMs: number;
  /** The probing process's own longest event-loop delay. */
  proberLagMaxMs: number;
  elapsedMs: number;
}

async function flood(server: RunningServer, key: string | null, bodies: ReturnType<typeof floodBodies>, first: number): Promise<FloodResult> {
  const url = new URL(server.url);
  const pid = server.proc.pid!;
  const result: FloodResult = { statuses: new Map(), accepted: [], errors: [], peakRss: rssBytes(pid), healthz: [], healthzFailures: 0, loopLagMaxMs: NaN, proberLagMaxMs: NaN, elapsedMs: 0 };
  const payloads = Array.from({ length: REQUESTS }, (_, i) => bodies.body(first + i)); // built before the clock starts
  let done = false;
  const sampler = (async () => {
    while (!done && server.proc.exitCode === null) {
      try {
        result.peakRss = Math.max(result.peakRss, rssBytes(pid));
      } catch {
        break; // the process is gone
      }
      if (result.peakRss > RSS_KILL) {
        console.log(`# RSS passed ${RSS_KILL / MiB} MiB: killing the server`);
        server.proc.kill('SIGKILL');
      }
      await sleep(20);
    }
  })();
  // The probe runs in a process of its own: in this one, writing 400 bodies at once stalls the event loop and
  // would be counted as the server's latency.
  const prober = startProber(url);
  await eventLoopLagMax(url); // read once: prom-client resets the maximum at each read, so the next is the flood's
  const agent = new http.Agent({ keepAlive: false, maxSockets: REQUESTS });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
  if (key) headers.authorization = `Bearer ${key}`;
  const t0 = performance.now();
  await Promise.all(
    payloads.map(async (body, i) => {
      try {
        const status = await post(url, agent, headers, body);
        result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
        if (status === 200 || status === 201) result.accepted.push(first + i);
      } catch (err) {
        result.errors.push((err as Error).message);
      }
    }),
  );
  result.elapsedMs = performance.now() - t0;
  await sleep(200); // a last RSS sample and health probe after the answers
  result.loopLagMaxMs = await eventLoopLagMax(url);
  done = true;
  const probed = await prober.stop();
  result.healthz = probed.ms;
  result.healthzFailures = probed.failures;
  result.proberLagMaxMs = probed.ownLagMaxMs;
  await sampler;
  agent.destroy();
  return result;
}

/** The server's longest event-loop delay since the last read of /metrics, in ms. */
async function eventLoopLagMax(url: URL): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = /^devsmith_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
  assert.ok(line, 'the event-loop lag metric is exported');
  return Number(line[1]) * 1000;
}

/**
 * Probes: GET /healthz every 25 ms over one keep-alive connection; on stdin's end it prints the latencies and
 * its own longest event-loop delay (how late its timers ran: when the OS did not run it, a probe's time grows
 * with no fault of the server's).
 */
const PROBER = `
const http = require('node:http');
const lag = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const [host, port] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const ms = []; let failures = 0; let done = false;
process.stdin.on('data', () => {}).on('end', () => { done = true; });
const probe = () => new Promise((resolve) => {
  const t0 = performance.now();
  const req = http.get({ host, port, path: '/healthz', agent, timeout: 10000 }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) ms.push(performance.now() - t0); else failures++; resolve(); });
  });
  req.on('timeout', () => req.destroy(new Error('timed out')));
  req.on('error', () => { failures++; resolve(); });
});
(async () => {
  while (!done) { await probe(); await new Promise((r) => setTimeout(r, 25)); }
  process.stdout.write(JSON.stringify({ ms, failures, ownLagMaxMs: lag.max / 1e6 }));
  agent.destroy();
})();
`;

interface Probed {
  ms: number[];
  failures: number;
  ownLagMaxMs: number;
}

function startProber(url: URL): { stop(): Promise<Probed> } {
  const child = spawn(process.execPath, ['-e', PROBER, url.hostname, url.port], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      child.stdin.end();
      await exited;
      return JSON.parse(out) as Probed;
    },
  };
}

function report(label: string, r: FloodResult): void {
  const sorted = [...r.healthz].sort((a, b) => a - b);
  const statuses = [...r.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(
    `# ${label}: ${REQUESTS} requests in ${r.elapsedMs.toFixed(0)} ms (${statuses}${r.errors.length ? `, ${r.errors.length} without answer` : ''}); ` +
      `peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB; /healthz ${sorted.length} answered, median ${percentile(sorted, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms, ${r.healthzFailures} failed; ` +
      `server event-loop delay max ${r.loopLagMaxMs.toFixed(1)} ms, the probe's own ${r.proberLagMaxMs.toFixed(1)} ms`,
  );
}

function assertBounded(r: FloodResult): void {
  assert.deepEqual(r.errors.slice(0, 5), [], `${r.errors.length} requests got no answer`);
  const unexpected = [...r.statuses.keys()].filter((s) => !ANSWERS.has(s));
  assert.deepEqual(unexpected, [], 'only 401/413/429/503/201/200');
  assert.ok(r.peakRss < RSS_LIMIT, `peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB, limit ${RSS_LIMIT / MiB} MiB`);
  assert.equal(r.healthzFailures, 0, '/healthz failed to answer during the flood');
  assert.ok(r.healthz.length >= 3, `only ${r.healthz.length} /healthz probes ran`);
  // A loose bound (a shared 2-core machine): a stall like the 15 s of issue 9 fails it, scheduling noise does not.
  const median = percentile([...r.healthz].sort((a, b) => a - b), 50);
  assert.ok(median < 250, `/healthz median ${median.toFixed(0)} ms`);
}

async function inflightBodyBytes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^devsmith_inflight_body_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
}

describe('a flood of 10 MiB gzip bodies', { timeout: 240_000 }, () => {
  let backend: Backend;
  let server: RunningServer;
  let key: string;
  const bodies = floodBodies('realistic');
  before(async () => {
    backend = await sqliteBackend();
    server = await startServer({ env: { ...SERVER_ENV, ...backend.env }, dataDir: backend.dataDir, nodeArgs: process.env.FLOOD_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.FLOOD_PROF] : undefined });
    key = (await bootstrap(server.url)).apiKey;
    console.log(`# each body: ${bodies.body(0).length} bytes gzip, ${(bodies.inflatedBytes / MiB).toFixed(1)} MiB inflated; RSS at rest ${(rssBytes(server.proc.pid!) / MiB).toFixed(0)} MiB`);
  });
  after(async () => {
    await server?.stop();
    await backend?.dispose();
  });

  test('without a key: 401s, RSS under 1 GB, /healthz answering', async () => {
    const r = await flood(server, null, bodies, 0);
    report('no key', r);
    assert.ok(r.peakRss < RSS_LIMIT, `peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB, limit ${RSS_LIMIT / MiB} MiB`);
    assertBounded(r);
    assert.deepEqual([...r.statuses.keys()], [401]);
    assert.equal(await inflightBodyBytes(server.url), 0, 'body budget released');
  });

  test('with a valid key: 503 past the budget, RSS under 1 GB, /healthz answering, acknowledged logs stored', async () => {
    const r = await flood(server, key, bodies, REQUESTS);
    report('valid key', r);
    assertBounded(r);
    assert.ok(r.accepted.length > 0, 'nothing was accepted at all');
    assert.ok((r.statuses.get(503) ?? 0) > 0, 'no 503 although 400 × 10 MiB is far over the budget');
    assert.equal(await inflightBodyBytes(server.url), 0, 'body budget released');
    // Shedding load is said once a minute with a count, not in a line (two, before) per refused request.
    const lines = server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; status?: number; code?: string });
    const per503 = lines.filter((l) => l.status === 503 || (l.code === 'OVERLOADED' && !l.msg.startsWith('refusing request bodies')));
    assert.deepEqual(per503.slice(0, 2), [], `${per503.length} lines for single 503s`);
    assert.ok(lines.filter((l) => l.msg.startsWith('refusing request bodies')).length <= 2, 'shedding said once a minute');
    const db = new Database(path.join(backend.dataDir, 'devsmith.db'), { readonly: true });
    try {
      const counts = new Map(
        (db.prepare("SELECT service, count(*) AS n FROM logs WHERE service LIKE 'flood-%' GROUP BY service").all() as Array<{ service: string; n: number }>).map((c) => [c.service, c.n]),
      );
      const short = r.accepted.filter((n) => counts.get(`flood-${n}`) !== ENTRIES);
      assert.deepEqual(short.slice(0, 10), [], `${short.length} acknowledged requests not fully stored`);
    } finally {
      db.close();
    }
  });

  test('with a valid key and the costliest JSON shape: RSS under 1 GB, /healthz answering', async () => {
    const r = await flood(server, key, floodBodies('empty-objects'), 2 * REQUESTS);
    report('valid key, [{},{},...]', r);
    assertBounded(r);
    assert.equal(await inflightBodyBytes(server.url), 0, 'body budget released');
  });
});
