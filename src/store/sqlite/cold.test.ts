/**
 * Cold rows (cold.ts, cold-writer.ts) beyond the contract suite, which runs every case a second time with
 * every log cold: the block format round-trips any value, logs go cold only when old enough and indexed,
 * reads give the same answers in every state a compaction passes through, and retention removes cold logs
 * from the text index with their real message and drops emptied blocks after their grace period.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { ColdBlock, encodeBlock, EMPTY_BLOCK_GRACE_MS, type ColdRow } from './cold.js';
import { ColdCompactor } from './cold-writer.js';
import { closeConnection, migrate, openConnection } from './connection.js';
import { FtsIndexer } from './writer.js';
import { LOG_COLUMNS } from './rows.js';
import { openSqliteStore } from './index.js';
import { row, withProject } from '../contract/harness.js';
import { parseQuery } from '../../search/parser.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-cold-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => path.join(dir, `cold-${++n}.db`);

test('a block gives back every id, arrival time and value it was made of, byte for byte', () => {
  const text = fc.oneof(fc.constant(null), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 200 }));
  // Contexts: objects (stored by key), and texts that are not JSON.stringify's (kept as text): other key
  // orders, spaces, number forms, arrays, duplicate keys, a lone '{'.
  const context = fc.oneof(
    text,
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).map((o) => JSON.stringify(o)),
    fc.constantFrom('{"b":1,"2":2}', '{ "a": 1 }', '{"a":1.0}', '{"a":1e3}', '[1,2]', '{"a":1,"a":2}', '{', '{}', '{"__proto__":{"x":1}}', '{"s":"\\u00e9"}'),
  );
  const values = fc.tuple(text, context, text, text, text);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: -1e13, max: 1e13 }), values), { minLength: 1, maxLength: 300 }),
      (raw) => {
        let id = 0;
        // SQLite stores text as UTF-8: what it gives back, and so what a block receives, is well-formed.
        const rows: ColdRow[] = raw.map(([gap, receivedAt, values]) => ({
          id: (id += gap),
          receivedAt,
          values: values.map((v) => (v === null ? null : Buffer.from(v, 'utf8').toString('utf8'))),
        }));
        const block = new ColdBlock(encodeBlock(rows));
        assert.deepEqual(block.ids, rows.map((r) => r.id));
        rows.forEach((r, i) => {
          assert.equal(block.indexOf(r.id), i);
          assert.equal(block.value(i, 5), r.receivedAt);
          r.values.forEach((v, f) => assert.equal(block.value(i, f), v));
        });
        assert.equal(block.indexOf(rows[0]!.id - 1), -1);
      },
    ),
    { numRuns: 200 },
  );
});

/** A migrated database with `count` hot logs of two projects received at `receivedAt`, all indexed. */
function database(count: number, receivedAt: number): Database.Database {
  const db = openConnection({ path: file() });
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO logs (project_id, ts, received_at, level, service, message, context, environment, version, host, trace_id, span_id, fingerprint)
     VALUES (?, ?, ?, ?, ?, ?, jsonb(?), ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(1 + (i % 3 === 0 ? 1 : 0), 1_000_000 + i, receivedAt + (i % 7), i % 5, i % 2 ? 'api' : 'worker', `message ${i} café ${'x'.repeat(i % 50)}`,
        JSON.stringify({ i, user: `u${i % 11}`, nested: { ok: i % 2 === 0, n: i / 4 }, s: 'q"\\u00e9' }), i % 4 ? 'production' : null,
        i % 6 ? null : 'v1.2', i % 3 ? `node-${i % 9}` : null, i % 8 ? null : 'a'.repeat(32), null, i % 10 ? null : 'fp1');
    }
  })();
  const indexer = new FtsIndexer(db);
  while (indexer.step());
  return db;
}

const readAll = (db: Database.Database) => db.prepare(`SELECT ${LOG_COLUMNS} FROM logs l ORDER BY l.id`).all();
const coldCount = (db: Database.Database) => db.prepare("SELECT COUNT(*) FROM logs WHERE typeof(message) = 'blob'").pluck().get() as number;

test('logs go cold only when old enough, indexed, and a full chunk (or a day late); reads are the same at every step', async () => {
  const received = 1_700_000_000_000;
  const db = database(20_000, received);
  try {
    const expected = readAll(db);
    // The last 1,000 rows are not in the text index yet: they stay hot whatever their age.
    db.prepare("UPDATE meta SET value = ? WHERE key = 'fts_indexed_upto'").run(String(19_000));
    const hour = 3_600_000;
    let now = received + hour / 2;
    const compactor = new ColdCompactor(db, hour, false, () => now);
    assert.equal(compactor.step(), false, 'younger than an hour');
    now = received + 2 * hour;
    // 19,000 old and indexed rows: one full chunk of 16,384, then the rest waits for more or for a day.
    let steps = 0;
    for (;;) {
      const r = compactor.step();
      if (r instanceof Promise) await r;
      else if (!r) break;
      steps++;
      assert.deepEqual(readAll(db), expected, `reads after step ${steps}`);
    }
    assert.equal(coldCount(db), 16_384);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'cold_upto'").pluck().get(), '16384');
    now = received + hour + 86_400_000 + 10;
    for (;;) {
      const r = compactor.step();
      if (r instanceof Promise) await r;
      else if (!r) break;
    }
    assert.equal(coldCount(db), 19_000, 'the rest went a day later; rows above the index watermark stayed hot');
    assert.deepEqual(readAll(db), expected);
    const blocks = db.prepare('SELECT project_id, first_id, last_id, n FROM log_blocks ORDER BY id').all() as Array<{ project_id: number; n: number }>;
    assert.ok(blocks.every((b) => b.n <= 8192));
    assert.deepEqual([...new Set(blocks.map((b) => b.project_id))].sort(), [1, 2], 'one project per block');
    // A cold row keeps its indexed columns and holds nothing else.
    const cold = db.prepare('SELECT * FROM logs WHERE id = 5').get() as Record<string, unknown>;
    assert.deepEqual({ ...cold, message: String(cold.message), context: String(cold.context) }, {
      id: 5, project_id: 1, ts: 1_000_004, received_at: 0, level: 4, service: 'worker', message: '', context: '',
      environment: null, version: null, host: null, trace_id: null, span_id: null, fingerprint: null,
    });
  } finally {
    closeConnection(db);
  }
});

test('retention removes cold logs from the text index by their real message, and drops emptied blocks after the grace', async () => {
  const path = file();
  const store = await openSqliteStore({ path, coldAfterMs: 0, coldEager: true });
  try {
    const { projectId } = await withProject(store);
    const day = 20_000;
    const at = (d: number, i: number) => (day + d) * 86_400_000 + i * 1000;
    await store.commitBatches([{ rows: Array.from({ length: 300 }, (_, i) => row(projectId, { ts: at(0, i), receivedAt: at(0, i), message: `expired zebra ${i}` })) }]);
    await store.commitBatches([{ rows: Array.from({ length: 100 }, (_, i) => row(projectId, { ts: at(1, i), receivedAt: at(1, i), message: `kept zebra ${i}` })) }]);
    const inspect = new Database(path);
    try {
      assert.equal(coldCount(inspect), 400, 'every log cold');
      const q = (s: string) => store.countLogs({ projectIds: [projectId], query: parseQuery(s) });
      assert.equal(await q('zebra'), 400);
      assert.equal(await store.deleteProjectDay(projectId, day, 1000), 300);
      assert.equal(await q('zebra'), 100);
      assert.equal(await q('"expired zebra"'), 0);
      // Removed by their words: with the wrong text FTS5 would have kept 'expired' pointing at the rows.
      assert.equal(inspect.prepare("SELECT COUNT(*) FROM logs_fts WHERE logs_fts MATCH 'expired'").pluck().get(), 0);
      assert.equal(inspect.prepare("SELECT COUNT(*) FROM logs_fts WHERE logs_fts MATCH 'kept'").pluck().get(), 100);
      const blocks = () => inspect.prepare('SELECT first_id, empty_since IS NOT NULL AS empty FROM log_blocks ORDER BY id').all();
      assert.deepEqual(blocks(), [{ first_id: 1, empty: 1 }, { first_id: 301, empty: 0 }], 'the first block is marked, not yet deleted');
      assert.equal((await store.queryLogs({ projectIds: [projectId], limit: 1 })).data[0]!.message, 'kept zebra 99');
      inspect.prepare('UPDATE log_blocks SET empty_since = empty_since - ?').run(EMPTY_BLOCK_GRACE_MS);
      assert.equal(await store.deleteProjectDay(projectId, day + 5, 1000), 0);
      assert.deepEqual(blocks(), [{ first_id: 301, empty: 0 }], 'dropped once its grace is over');
      assert.equal(await q('kept'), 100);
    } finally {
      inspect.close();
    }
  } finally {
    await store.close();
  }
});

test('logs restored from an archive below the compactor go cold again, and read the same', async () => {
  const path = file();
  const store = await openSqliteStore({ path, coldAfterMs: 0, coldEager: true });
  try {
    const { projectId } = await withProject(store);
    const day = 20_100;
    const at = (d: number, i: number) => (day + d) * 86_400_000 + i * 1000;
    await store.commitBatches([{ rows: Array.from({ length: 200 }, (_, i) => row(projectId, { ts: at(0, i), receivedAt: at(0, i), message: `archived ${i}`, context: JSON.stringify({ i, é: 'ü' }), host: `h${i % 3}` })) }]);
    await store.commitBatches([{ rows: Array.from({ length: 50 }, (_, i) => row(projectId, { ts: at(1, i), receivedAt: at(1, i), message: `later ${i}` })) }]);
    const all = async () => (await store.scanLogs({ projectIds: [projectId], limit: 1000 })).rows;
    const before = await all();
    const archived = before.filter((l) => l.ts < at(1, 0)).map((l) => ({ ...l, fingerprint: null }));
    assert.equal(archived.length, 200);
    assert.equal(await store.deleteProjectDay(projectId, day, 1000), 200);
    assert.deepEqual(await store.restoreLogs(archived), { inserted: 200, present: 0 });
    const inspect = new Database(path, { readonly: true });
    try {
      assert.equal(coldCount(inspect), 50, 'restored logs are hot');
      assert.equal(inspect.prepare("SELECT value FROM meta WHERE key = 'cold_upto'").pluck().get(), '0', 'the compactor goes back to them');
      await store.commitBatches([{ rows: [row(projectId, { ts: at(2, 0), receivedAt: at(2, 0), message: 'trigger' })] }]);
      assert.equal(coldCount(inspect), 251);
    } finally {
      inspect.close();
    }
    assert.deepEqual((await all()).filter((l) => l.message !== 'trigger'), before);
    assert.equal(await store.countLogs({ projectIds: [projectId], query: parseQuery('archived host:h1') }), 67);
  } finally {
    await store.close();
  }
});
