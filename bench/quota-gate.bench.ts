/**
 * What the quota gate adds to each ingest request (issue 13), measured alone because the HTTP ingest
 * benchmark's noise on a shared machine is larger than it: `admit()` of a 100-log batch, and the
 * normalisation of the same batch for scale, under the default plan (unlimited, no sampling), a quota, and
 * 10 % sampling of INFO. Run `npx tsx bench/quota-gate.bench.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { normalizeEntries, parseEnvelope } from '../src/ingest/normalize.js';
import { MemoryQuotaCounter } from '../src/quotas/counter.js';
import { QuotaGate } from '../src/quotas/gate.js';
import { Plans } from '../src/quotas/plans.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { fmt } from './lib/args.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-quota-bench-'));
const store = await openSqliteStore({ path: path.join(dir, 'bench.db') });
const user = await store.createUser({ email: 'b@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
const project = async (slug: string) =>
  store.createProject({ ownerId: user.id, name: slug, slug, description: '', repositoryUrl: null, rateLimitPerMinute: null }, slug, 'dsk_b');
const plain = await project('plain');
const quota = await project('quota');
const sampled = await project('sampled');
const big = await store.createPlan({ slug: 'big', name: 'Big', dailyQuota: 1e12, rateLimitPerMinute: null });
await store.setProjectQuotaSettings(quota.id, { planId: big.id });
await store.setProjectQuotaSettings(sampled.id, { sampling: { INFO: 0.1 } });

const { limits } = loadConfig({});
const body = {
  service_name: 'api',
  logs: Array.from({ length: 100 }, (_, i) => ({
    level: i % 10 ? 'info' : 'error', message: `GET /api/items/${i} 200 in ${i} ms`, context: { user_id: i, route: '/api/items/:id' },
    ...(i % 2 ? { trace_id: `4bf92f3577b34da6a3ce929d0e0e${String(i).padStart(4, '0')}` } : {}),
  })),
};
const gate = new QuotaGate(store, new Plans(store, 'enterprise'), new MemoryQuotaCounter());

async function time(label: string, n: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / n;
  process.stdout.write(`${label.padEnd(44)} ${fmt(us, 2).padStart(8)} µs per 100-log batch\n`);
  return us;
}

const rowsOf = (p: typeof plain) => normalizeEntries(parseEnvelope(body, p, limits, false), p, limits).rows;
const normalize = await time('normalise entries (for scale)', 5_000, () => rowsOf(plain));
const rows = { plain: rowsOf(plain), quota: rowsOf(quota), sampled: rowsOf(sampled) };
const base = await time('admit: default plan (unlimited, no sampling)', 20_000, () => gate.admit(plain, rows.plain));
await time('admit: daily quota', 20_000, () => gate.admit(quota, rows.quota));
await time('admit: 10 % sampling of INFO', 20_000, () => gate.admit(sampled, rows.sampled));
process.stdout.write(`default-plan admission = ${fmt((100 * base) / normalize, 1)} % of normalisation\n`);
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
