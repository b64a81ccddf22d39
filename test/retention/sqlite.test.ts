/**
 * Retention on SQLite beyond the contract: the text index stays consistent with the rows (FTS5's own
 * integrity check), space goes back to the file system (incremental vacuum), and ingest keeps committing
 * while a run deletes. The ingest latency is printed as a figure; the test asserts only what cannot depend
 * on the machine's speed (every commit succeeds, nothing kept is lost). Timing targets: bench/retention.bench.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { waitForSqliteFts } from '../../bench/lib/bulk-load.js';
import { describeFigures, ingestDuringRetention } from '../../bench/lib/retention-load.js';
import { Retention } from '../../src/retention/retention.js';
import { row, withProject } from '../../src/store/contract/harness.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const DAY = 86_400_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-retention-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function open(name: string) {
  const file = path.join(dir, name);
  const store = await openSqliteStore({ path: file });
  return { store, file, ...(await withProject(store)) };
}

function inspect<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

test('a new database uses incremental auto-vacuum; the text index matches the rows after a run; the file shrinks', async () => {
  const { store, file, projectId } = await open('vacuum.db');
  try {
    assert.equal(inspect(file, (db) => db.pragma('auto_vacuum', { simple: true })), 2, 'INCREMENTAL');
    const now = Date.UTC(2026, 10, 25, 12);
    const old = Array.from({ length: 30_000 }, (_, i) =>
      row(projectId, { ts: now - 40 * DAY + i * 1000, message: `old entry ${i} ${'padding '.repeat(20)}` }));
    await store.insertLogs(old);
    await waitForSqliteFts(file, 60_000);
    // Some rows above the text index's watermark too: they are deleted without an index entry to remove.
    await store.insertLogs(Array.from({ length: 500 }, (_, i) => row(projectId, { ts: now - 39 * DAY + i, message: `late old ${i}` })));
    await store.insertLogs(Array.from({ length: 200 }, (_, i) => row(projectId, { ts: now - i * 1000, message: `fresh entry ${i}` })));
    await waitForSqliteFts(file, 60_000);
    const pagesBefore = inspect(file, (db) => db.pragma('page_count', { simple: true }) as number);

    const report = await new Retention(store, { defaultDays: 30, clock: () => now }).run();
    assert.equal(report.deletedLogs, 30_500);
    assert.equal(await store.countLogs({ projectIds: [projectId] }), 200);
    const { parseQuery } = await import('../../src/search/parser.js');
    assert.equal(await store.countLogs({ projectIds: [projectId], query: parseQuery('entry') }), 200);
    inspect(file, (db) => {
      db.prepare("INSERT INTO logs_fts (logs_fts, rank) VALUES ('integrity-check', 1)").run(); // throws SQLITE_CORRUPT_VTAB when stale
      // The run merges the index itself while it deletes, then gives merging back to FTS5.
      assert.equal(db.prepare("SELECT v FROM logs_fts_config WHERE k = 'automerge'").pluck().get(), 4);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const pages = db.pragma('page_count', { simple: true }) as number;
      assert.ok(pages < pagesBefore / 3, `file shrank from ${pagesBefore} to ${pages} pages`);
      assert.ok((db.pragma('freelist_count', { simple: true }) as number) < 100);
    });
  } finally {
    await store.close();
  }
});

test('ingest keeps committing while retention deletes (latency printed as a figure)', async (t) => {
  const { store, file, projectId } = await open('steady.db');
  try {
    const result = await ingestDuringRetention(store, { projectId, oldRows: 60_000, loaded: () => waitForSqliteFts(file, 60_000), baselineMs: 1000 });
    t.diagnostic(`SQLite ingest commit latency, alone: ${describeFigures(result.baseline)}`);
    t.diagnostic(`SQLite ingest commit latency, during a retention run deleting ${result.deleted} logs in ${result.runMs.toFixed(0)} ms: ${describeFigures(result.during)}`);
    assert.equal(result.deleted, 60_000);
    assert.ok(result.during.commits > 0, 'ingest went on during the run');
    assert.equal(await store.countLogs({ projectIds: [projectId] }), result.ingested, 'every committed log is kept');
  } finally {
    await store.close();
  }
});
