/**
 * Upgrades: a database left at schema version 7 (the schema of release 0.1.0, written here with that
 * release's own migration SQL and rows in its shape) is opened by the current code, which migrates it and
 * serves every log, and finds them by text (SQLite's text index is rebuilt by migration 12); and a database
 * migrated by a newer build (an unknown version) stops the server with a message naming both versions, on
 * SQLite and on PostgreSQL.
 */
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { hashPassword } from '../../src/auth/passwords.js';
import { displayPrefix, generateSecret, hashSecret } from '../../src/auth/secrets.js';
import { postgresBackend } from '../../src/store/contract/harness.js';
import { MIGRATIONS as PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { partitionName } from '../../src/store/postgres/partitions.js';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { startServer, tempDir } from '../helpers/server.js';

const PREVIOUS = 7;
const LOGS = 500;
const EMAIL = 'admin@example.com';
const PASSWORD = 'correct horse battery';
const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Seed { apiKey: string; userHash: string; now: number }

async function seed(): Promise<Seed> {
  return { apiKey: generateSecret('dsk'), userHash: await hashPassword(PASSWORD), now: Date.now() };
}

/** The rows 0.1.0 wrote, in the column order both stores' v1 `logs` tables share. */
function oldLogs(projectId: number, now: number): unknown[][] {
  return Array.from({ length: LOGS }, (_, i) => [projectId, now - (LOGS - i) * 1000, now, i % 7 === 0 ? 1 : 2, i % 2 ? 'api' : 'worker', `old log ${i}`, JSON.stringify({ i })]);
}

function sqliteAtPrevious(dir: string, s: Seed): void {
  const db = new Database(path.join(dir, 'devsmith.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= PREVIOUS)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, s.now);
  }
  db.prepare("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (1, ?, 'Admin', 'admin', ?, ?)").run(EMAIL, s.userHash, s.now);
  db.prepare("INSERT INTO projects (id, owner_id, name, slug, key_hash, key_prefix, created_at, updated_at) VALUES (1, 1, 'Legacy', 'legacy', ?, ?, ?, ?)")
    .run(hashSecret(s.apiKey), displayPrefix(s.apiKey), s.now, s.now);
  const insert = db.prepare('INSERT INTO logs (project_id, ts, received_at, level, service, message, context) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => oldLogs(1, s.now).forEach((r) => insert.run(...r)))();
  // Its indexer had caught up: the text index (with word positions then) holds every row.
  db.exec("INSERT INTO logs_fts (rowid, message) SELECT id, message FROM logs; UPDATE meta SET value = (SELECT MAX(id) FROM logs) WHERE key = 'fts_indexed_upto'");
  db.close();
}

async function postgresAtPrevious(url: string, s: Seed): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    for (const m of PG_MIGRATIONS.filter((m) => m.version <= PREVIOUS)) {
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, s.now]);
    }
    await c.query("INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, 'Admin', 'admin', $2, $3)", [EMAIL, s.userHash, s.now]);
    const { rows } = await c.query<{ id: number }>(
      "INSERT INTO projects (owner_id, name, slug, key_hash, key_prefix, created_at, updated_at) SELECT id, 'Legacy', 'legacy', $1, $2, $3, $3 FROM users RETURNING id",
      [hashSecret(s.apiKey), displayPrefix(s.apiKey), s.now],
    );
    const logs = oldLogs(rows[0]!.id, s.now);
    for (const day of new Set(logs.map((r) => Math.floor((r[1] as number) / 86_400_000)))) {
      await c.query(`CREATE TABLE ${partitionName(day)} PARTITION OF logs FOR VALUES FROM (${day * 86_400_000}) TO (${(day + 1) * 86_400_000})`);
    }
    for (const r of logs) await c.query('INSERT INTO logs (project_id, ts, received_at, level, service, message, context) VALUES ($1, $2, $3, $4, $5, $6, $7)', r);
    // 0.1.0 kept per-minute counts beside every write; its queries find a project's time range in them.
    await c.query(`INSERT INTO log_minutes (project_id, minute, service, level, n, last_ts)
      SELECT project_id, floor(ts / 60000.0)::bigint, service, level, count(*), max(ts) FROM logs GROUP BY 1, 2, 3, 4`);
  } finally {
    await c.end();
  }
}

/** Starts the current code on the old data, checks every old log is served and the key still works. */
async function upgradeAndCheck(opts: { dataDir?: string; env?: Record<string, string> }, s: Seed): Promise<void> {
  const server = await startServer(opts);
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    assert.equal(login.status, 200, 'the old account signs in');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${server.url}/api/logs?project=legacy&limit=1000`, { headers: { cookie } });
    assert.equal(res.status, 200, await res.clone().text());
    const { data } = (await res.json()) as { data: Array<{ message: string; level: string; context: { i: number } }> };
    assert.equal(data.length, LOGS, 'every log of the old schema is served');
    assert.deepEqual(new Set(data.map((l) => l.message)), new Set(Array.from({ length: LOGS }, (_, i) => `old log ${i}`)));
    assert.equal(data.find((l) => l.message === 'old log 7')?.level, 'DEBUG');
    assert.deepEqual(data.find((l) => l.message === 'old log 8')?.context, { i: 8 });
    const search = async (q: string) => {
      const r = await fetch(`${server.url}/api/logs?project=legacy&limit=1000&q=${encodeURIComponent(q)}`, { headers: { cookie } });
      assert.equal(r.status, 200, await r.clone().text());
      return ((await r.json()) as { data: Array<{ message: string }> }).data.map((l) => l.message);
    };
    assert.deepEqual(await search('"old log 7"'), ['old log 7'], 'a phrase finds its one old log');
    assert.deepEqual(await search('"log old"'), [], 'every old log holds both words, none in this order');
    const sent = await fetch(`${server.url}/api/logs/batch`, { method: 'POST', headers: { authorization: `Bearer ${s.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ service_name: 'api', logs: [{ level: 'info', message: 'after upgrade' }] }) });
    assert.equal(sent.status, 201, `the old ingest key still works: ${await sent.text()}`);
    assert.equal(await server.stop(), 0);
  } finally {
    await server.kill();
  }
}

async function refusedAsTooNew(opts: { dataDir?: string; env?: Record<string, string> }, known: number): Promise<void> {
  await assert.rejects(startServer(opts), (err: Error) => {
    assert.match(err.message, new RegExp(`schema is at version 9999, but this devsmith build only knows versions up to ${known}: the data was migrated by a newer release`));
    return true;
  });
}

test('SQLite: a database at the previous schema keeps every log through the upgrade; a newer schema is refused', async () => {
  const dir = tempDir('devsmith-upgrade-');
  dirs.push(dir);
  const s = await seed();
  sqliteAtPrevious(dir, s);
  await upgradeAndCheck({ dataDir: dir }, s);
  const db = new Database(path.join(dir, 'devsmith.db'));
  const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  assert.deepEqual(versions, SQLITE_MIGRATIONS.map((m) => m.version), 'migrated to the current schema');
  assert.equal(db.prepare('SELECT count(*) FROM logs').pluck().get(), LOGS + 1);
  // Migration 12 rebuilt the text index without word positions, with the rows the old one held.
  assert.match(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'logs_fts'").pluck().get() as string, /detail=none, columnsize=0/);
  assert.equal(db.prepare("SELECT count(*) FROM logs_fts WHERE logs_fts MATCH '\"old\"'").pluck().get(), LOGS);
  db.prepare("INSERT INTO schema_migrations VALUES (9999, 'from the future', 0)").run();
  db.close();
  await refusedAsTooNew({ dataDir: dir }, Math.max(...SQLITE_MIGRATIONS.map((m) => m.version)));
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) {
  test('PostgreSQL upgrade', (t) => t.skip('PostgreSQL upgrade test NOT RUN: set TEST_DATABASE_URL'));
} else {
  const backend = postgresBackend(pgUrl);
  after(() => backend.cleanup());
  test('PostgreSQL: a database at the previous schema keeps every log through the upgrade; a newer schema is refused', async () => {
    const url = await backend.emptySchemaUrl();
    const s = await seed();
    await postgresAtPrevious(url, s);
    await upgradeAndCheck({ env: { DATABASE_URL: url } }, s);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), PG_MIGRATIONS.map((m) => m.version), 'migrated to the current schema');
      await c.query("INSERT INTO schema_migrations VALUES (9999, 'from the future', 0)");
    } finally {
      await c.end();
    }
    await refusedAsTooNew({ env: { DATABASE_URL: url } }, Math.max(...PG_MIGRATIONS.map((m) => m.version)));
  });
}
