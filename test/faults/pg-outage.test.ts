/**
 * PostgreSQL stopped in the middle of the load (a throwaway cluster of this test's own, never the shared
 * one): ingestion answers 503 with Retry-After, never a 500 and never a hang; once PostgreSQL is back it
 * recovers by itself within 5 s; nothing acknowledged is lost.
 *   node --import tsx --test test/faults/pg-outage.test.ts
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import pg from 'pg';
import { bootstrap, startServer, tempDir, type RunningServer } from '../helpers/server.js';
import { pgBinDir, ThrowawayCluster } from './pg-cluster.js';
import { missing, SERVER_ENV, sleep, TaggedLoad } from './support.js';

const bin = pgBinDir();
let cluster: ThrowawayCluster | null = null;
let server: RunningServer | null = null;
after(async () => {
  await server?.kill();
  cluster?.destroy();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

test('PostgreSQL outage under load: 503 + Retry-After, recovery within 5 s, nothing acknowledged lost', {
  timeout: 120_000,
  skip: bin ? false : 'PostgreSQL outage test NOT RUN: no PostgreSQL server binaries (initdb) under /usr/lib/postgresql',
}, async (t) => {
  cluster = await ThrowawayCluster.create(bin!);
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE devsmith');
  await admin.end();
  server = await startServer({ env: { ...SERVER_ENV, DATABASE_URL: cluster.url('devsmith') }, dataDir: tempDir() });
  const { apiKey } = await bootstrap(server.url);

  const load = new TaggedLoad('pgdown');
  const stop = new AbortController();
  const running = load.run(server.url, apiKey, { concurrency: 8, durationMs: 60_000, signal: stop.signal, timeoutMs: 15_000 });
  await sleep(1500);
  cluster.stop('immediate');
  const down = performance.now();
  await sleep(4000);
  cluster.start();
  const up = performance.now();
  // Wait for the first acknowledgement of a request sent after PostgreSQL came back.
  while (performance.now() - up < 20_000 && !load.statuses.some((s) => s.at > up && s.status < 300)) await sleep(50);
  await sleep(500);
  stop.abort();
  await running;

  const during = load.statuses.filter((s) => s.at > down + 500 && s.at < up);
  const fiveHundreds = load.statuses.filter((s) => s.status >= 500 && s.status !== 503);
  const recovered = load.statuses.find((s) => s.at > up && s.status < 300);
  assert.deepEqual(fiveHundreds.map((s) => s.status), [], 'a 5xx other than 503 during the outage');
  assert.ok(during.length > 0, 'no answer at all while PostgreSQL was down (hang?)');
  assert.ok(during.every((s) => s.status === 503 && Number(s.retryAfter) > 0), `answers while down: ${JSON.stringify([...new Set(during.map((s) => `${s.status}/${s.retryAfter}`))])}`);
  assert.deepEqual(load.errors.filter((e) => /timed out/.test(e)), [], 'requests hung until the client timeout');
  assert.ok(recovered, 'ingestion did not recover within 20 s of PostgreSQL returning');
  const recoverySeconds = (recovered.at - up) / 1000;
  const counts = load.statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s.status]: (m[s.status] ?? 0) + 1 }), {});
  t.diagnostic(`answers ${JSON.stringify(counts)}, ${during.length} while down, recovered ${recoverySeconds.toFixed(2)} s after restart, ${load.acked.size} entries acknowledged`);
  assert.ok(recoverySeconds < 5, `ingestion recovered ${recoverySeconds.toFixed(1)} s after PostgreSQL returned (limit 5 s)`);

  const c = new pg.Client({ connectionString: cluster.url('devsmith') });
  await c.connect();
  const { rows } = await c.query("SELECT context->>'tag' AS tag FROM logs WHERE context ? 'tag'");
  await c.end();
  const lost = missing(load.acked, new Set(rows.map((r) => r.tag as string)));
  assert.deepEqual(lost.slice(0, 20), [], `${lost.length} of ${load.acked.size} acknowledged entries lost`);
});
