/**
 * Bytes per stored log (issue 13: ≤ 150 on SQLite, ≤ 250 on PostgreSQL), with the breakdown by table and
 * index: `--logs` generated logs (the ingest benchmark's realistic messages and contexts) over one day (two for
 * PostgreSQL --cold) loaded through the store's bulk path, the text index caught up, the WAL checkpointed,
 * then every object measured
 * (SQLite's `dbstat`, PostgreSQL's relation sizes summed over the day partitions). Also times the store's
 * own estimate for the projects page (`projectStorage`: measuring the log objects anew, and from its cache).
 * Run `npm run bench:storage -- --help`.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { bulkLoad, waitForSqliteFts } from './lib/bulk-load.js';
import { openFreshStore } from './lib/raw-store.js';
import { makeCold, moveClosedDays } from './lib/make-cold.js';
import { describeFigures, figures, steadyIngest } from './lib/retention-load.js';

const HELP = `npm run bench:storage -- [--logs 1000000] [--store sqlite|postgres|both] [--admin-url URL] [--cold]
Prints bytes per log for each table and index and in total, and how long the projects page's storage
estimate (Store.projectStorage) takes. --cold: every log as old logs are stored. SQLite: moved into
compressed blocks, as logs older than DEVSMITH_SQLITE_COLD_AFTER_HOURS are (src/store/sqlite/cold.ts).
PostgreSQL: every day closed, moved into blocks (src/store/postgres/closed-days.ts). PostgreSQL needs --admin-url or
BENCH_PG_ADMIN_URL (default postgres://devsmith:devsmith@127.0.0.1:5432/postgres).`;
const args = flags({
  logs: { type: 'string', default: '1000000' },
  store: { type: 'string', default: 'both' },
  'admin-url': { type: 'string', default: process.env.BENCH_PG_ADMIN_URL ?? 'postgres://devsmith:devsmith@127.0.0.1:5432/postgres' },
  cold: { type: 'boolean', default: false },
}, HELP);
const n = positiveNumber('logs', args.logs);

interface Part { name: string; bytes: number }

/** `logs`: how many the measured objects hold (the loaded ones, and any committed meanwhile). */
function report(kind: string, parts: Part[], total: number, logs = n): void {
  process.stdout.write(`${kind}: ${fmt(logs)} logs, ${fmt(total / logs, 1)} bytes per log (${fmt(total / 1048576, 1)} MiB)\n`);
  for (const p of parts.sort((a, b) => b.bytes - a.bytes)) {
    if (p.bytes / logs < 0.5) continue;
    process.stdout.write(`  ${p.name.padEnd(34)} ${fmt(p.bytes / logs, 1).padStart(7)} B/log\n`);
  }
}

/** The projects page's read: a new measure (median of 5) and one served from the store's cache. */
async function timeProjectStorage(kind: string, store: import('../src/store/types.js').Store, projectId: number): Promise<void> {
  const times: number[] = [];
  let perLog = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await store.projectStorage([projectId], 0);
    times.push(performance.now() - t0);
    perLog = r.projects[0]!.bytesPerLog;
  }
  const t0 = performance.now();
  await store.projectStorage([projectId], 60_000);
  const cached = performance.now() - t0;
  const median = times.sort((a, b) => a - b)[2]!;
  process.stdout.write(`${kind} projectStorage (the projects page): ${fmt(perLog, 1)} B/log estimated; measured in ${fmt(median, 1)} ms (median of 5), cached ${fmt(cached, 2)} ms\n`);
}

async function sqlite(): Promise<void> {
  const opened = await openFreshStore('sqlite', {});
  try {
    const projectId = await seedProject(opened.store);
    await bulkLoad(opened.store, projectId, n, 1);
    await waitForSqliteFts(opened.path!);
    await timeProjectStorage('SQLite', opened.store, projectId);
    await opened.store.close();
    if (args.cold) makeCold(opened.path!);
    const db = new Database(opened.path!);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // What the store avoids by measuring the other b-trees and subtracting (src/store/sqlite/storage.ts).
    const t0 = performance.now();
    db.prepare("SELECT SUM(pgsize) FROM dbstat('main', 1) WHERE name = 'logs' OR name LIKE 'logs_%'").pluck().get();
    process.stdout.write(`SQLite walking the logs table, its indexes and the text index instead: ${fmt(performance.now() - t0, 1)} ms\n`);
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Part[];
    const free = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    const total = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    db.close();
    report('SQLite', [...rows, { name: '(free pages)', bytes: free }], total);
  } finally {
    await opened.dispose().catch(() => undefined);
  }
}

async function postgres(): Promise<void> {
  const opened = await openFreshStore('postgres', { adminUrl: args['admin-url'] });
  try {
    const projectId = await seedProject(opened.store);
    // --cold: over the last 48 h, so that the pass run beside the ingest below moves about half of them.
    await bulkLoad(opened.store, projectId, n, args.cold ? 2 : 1);
    let extra = 0; // logs committed by the steady ingest of --cold
    if (args.cold) {
      // A batch of 20 logs committed every 5 ms to today's partition, before and while the days already over
      // are moved into blocks, as the server does; then today's too, without the ingest (the server never
      // moves a day still written to), so that every loaded log is measured as a closed day.
      const stop = performance.now() + 3000;
      const baseline = await steadyIngest(opened.store, projectId, () => performance.now() > stop);
      let done = false;
      const [closed, during] = await Promise.all([
        // Yesterday, as the server moves it 24 h after its end (DEVSMITH_PG_COLD_AFTER_HOURS).
        moveClosedDays(opened.url!, Date.now() + 86_400_000).finally(() => (done = true)),
        steadyIngest(opened.store, projectId, () => done),
      ]);
      const rest = await moveClosedDays(opened.url!, Date.now() + 30 * 86_400_000);
      extra = (baseline.length + during.length) * 20;
      process.stdout.write(`PostgreSQL: the closed day(s) ${closed.days.join(', ')} moved into blocks in ${fmt(closed.ms, 0)} ms; then today's (${rest.days.join(', ')}) in ${fmt(rest.ms, 0)} ms\n`);
      process.stdout.write(`  ingest before: ${describeFigures(figures(baseline))}\n  ingest during: ${describeFigures(figures(during))}\n`);
    }
    const c = new pg.Client({ connectionString: opened.url });
    await c.connect();
    try {
      await c.query('VACUUM ANALYZE');
      await timeProjectStorage('PostgreSQL', opened.store, projectId);
      // Partitions and their indexes are named after the parent with a day suffix; sum them under the parent.
      const { rows } = await c.query<{ name: string; bytes: string }>(`
        SELECT COALESCE(pi.inhparent::regclass::text, pt.inhparent::regclass::text, c.relname) AS name,
               SUM(pg_relation_size(c.oid) + CASE WHEN c.relkind IN ('r','m') THEN COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) ELSE 0 END)::bigint AS bytes
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = current_schema()
        LEFT JOIN pg_inherits pt ON pt.inhrelid = c.oid AND c.relkind = 'r'
        LEFT JOIN pg_inherits pi ON pi.inhrelid = c.oid AND c.relkind = 'i'
        WHERE c.relkind IN ('r', 'i', 'm')
        GROUP BY 1`);
      const parts = rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
      report('PostgreSQL', parts, parts.reduce((s, p) => s + p.bytes, 0), n + extra);
    } finally {
      await c.end();
    }
  } finally {
    await opened.dispose();
  }
}

async function seedProject(store: import('../src/store/types.js').Store): Promise<number> {
  const owner = await store.createUser({ email: 'bench@example.com', name: 'B', role: 'admin', passwordHash: 'x' });
  const project = await store.createProject({ ownerId: owner.id, name: 'api', slug: 'api', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_x');
  return project.id;
}

if (args.store === 'sqlite' || args.store === 'both') await sqlite();
if (args.store === 'postgres' || args.store === 'both') await postgres();
