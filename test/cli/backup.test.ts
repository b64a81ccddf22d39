/**
 * `devsmith backup` while a real server ingests, then `devsmith restore`: the backup is one consistent
 * snapshot (between what was acknowledged before and after it), and a server on the restored data dir has
 * exactly its logs. A restore is refused while a server holds the data dir.
 */
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { bootstrap, startServer, tempDir } from '../helpers/server.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function countLogs(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM logs').pluck().get() as number;
  } finally {
    db.close();
  }
}

test('backup during ingest, restore refused while a server runs, then restored: the same logs', async () => {
  const server = await startServer();
  dirs.push(server.dataDir);
  const boot = await bootstrap(server.url);
  let acknowledged = 0;
  let stop = false;
  const batch = (n: number) => JSON.stringify({ service_name: 'api', logs: Array.from({ length: 200 }, (_, i) => ({ level: 'info', message: `batch ${n} entry ${i}` })) });
  const ingest = (async () => {
    for (let n = 0; !stop; n++) {
      const res = await fetch(`${server.url}/api/logs/batch`, { method: 'POST', headers: { authorization: `Bearer ${boot.apiKey}`, 'content-type': 'application/json' }, body: batch(n) });
      assert.equal(res.status, 201, await res.text());
      acknowledged += 200;
    }
  })();
  try {
    while (acknowledged < 4000) await new Promise((r) => setTimeout(r, 20));
    const out = path.join(tempDir('devsmith-backup-'), 'nightly.db');
    dirs.push(path.dirname(out));
    const before = acknowledged;
    const backup = await runCli(['backup', '--out', out], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
    const afterBackup = acknowledged;
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /Backup written to .*nightly\.db: .* logs in 1 projects, schema version \d+, integrity ok/);
    const inBackup = countLogs(out);
    assert.ok(inBackup >= before && inBackup <= afterBackup + 200, `backup holds ${inBackup}, acknowledged ${before}..${afterBackup}`);
    assert.ok(acknowledged > before, 'ingest went on during the backup');
    assert.ok(!fs.existsSync(`${out}-wal`), 'the backup is one self-contained file');

    const again = await runCli(['backup', '--out', out], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists: choose another name/);

    const refused = await runCli(['restore', '--from', out], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /a devsmith server is using .*: stop it first/);

    stop = true;
    await ingest;
    assert.equal(await server.stop(), 0);
    assert.equal(countLogs(path.join(server.dataDir, 'devsmith.db')), acknowledged, 'every acknowledged log was kept');

    const restored = await runCli(['restore', '--from', out], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, new RegExp(`${inBackup} logs in 1 projects`));
    const kept = fs.readdirSync(server.dataDir).filter((f) => f.startsWith('devsmith.db.before-restore-'));
    assert.equal(kept.length, 1, 'the replaced database is kept');
    assert.equal(countLogs(path.join(server.dataDir, kept[0]!)), acknowledged);

    const back = await startServer({ dataDir: server.dataDir });
    try {
      const login = await fetch(`${back.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery' }) });
      assert.equal(login.status, 200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const res = await fetch(`${back.url}/api/logs?project=${boot.project.slug}&q=${encodeURIComponent('"batch 0 entry 7"')}&limit=5`, { headers: { cookie } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { data: Array<{ message: string }> };
      assert.deepEqual(body.data.map((l) => l.message), ['batch 0 entry 7']);
      assert.equal(await back.stop(), 0);
    } finally {
      await back.kill();
    }
    assert.equal(countLogs(path.join(server.dataDir, 'devsmith.db')), inBackup, 'the restored server has exactly the backup');
  } finally {
    stop = true;
    await ingest.catch(() => {});
    await server.kill();
  }
});

test('a backup of a missing database, a restore of a file that is not a backup: refused with the reason', async () => {
  const dir = tempDir('devsmith-backup-');
  dirs.push(dir);
  const missing = await runCli(['backup', '--out', path.join(dir, 'x.db')], { env: { DEVSMITH_DATA_DIR: path.join(dir, 'nothing') } });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /there is no database at .*devsmith\.db: check DEVSMITH_DATA_DIR/);
  const junk = path.join(dir, 'junk.db');
  fs.writeFileSync(junk, 'not a database at all, just text'.repeat(200));
  const bad = await runCli(['restore', '--from', junk], { env: { DEVSMITH_DATA_DIR: path.join(dir, 'data') } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /junk\.db cannot be opened as a SQLite database|junk\.db failed SQLite's integrity check|not a database/);
  assert.ok(!fs.existsSync(path.join(dir, 'data', 'devsmith.db')), 'nothing was put in place');
  const other = path.join(dir, 'other.db');
  new Database(other).exec('CREATE TABLE t (x)');
  const foreign = await runCli(['restore', '--from', other], { env: { DEVSMITH_DATA_DIR: path.join(dir, 'data') } });
  assert.equal(foreign.code, 1);
  assert.match(foreign.stderr, /not a devsmith one/);
});

test('with PostgreSQL, backup and restore print the pg_dump guidance and exit 2', async () => {
  for (const command of [['backup', '--out', '/tmp/never.db'], ['restore', '--from', '/tmp/never.db']]) {
    const res = await runCli(command, { env: { DATABASE_URL: 'postgres://devsmith@127.0.0.1:1/none' } });
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /pg_dump --format=custom/);
    assert.match(res.stderr, /point-in-time recovery/);
  }
});
