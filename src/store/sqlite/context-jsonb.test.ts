/**
 * Contexts are stored as JSONB (issue 13, storage), and rows written by earlier releases hold JSON text. Every
 * read must give back the text that was written, byte for byte (the export streams it as is), and the
 * search language's context clauses must match both kinds of rows alike.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { parseQuery } from '../../search/parser.js';
import type { LogRow } from '../types.js';
import { openSqliteStore } from './index.js';

// Twice: as written, and with every log compressed into blocks right after its commit (cold.ts), whose
// contexts are the text json() gave and must read back the same.
for (const cold of [false, true]) test(`contexts${cold ? ' of cold logs' : ''}: stored as JSONB, read back as the exact text written; text rows of earlier releases read and match alike`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-jsonb-'));
  const store = await openSqliteStore({ path: path.join(dir, 'devsmith.db'), ...(cold ? { coldAfterMs: 0, coldEager: true } : {}) });
  try {
    const owner = await store.createUser({ email: 'j@example.com', name: 'J', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: owner.id, name: 'j', slug: 'j', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_j');
    const row = (i: number, context: string): LogRow => ({
      projectId: project.id, ts: 1_700_000_000_000 + i, receivedAt: 1_700_000_000_000, level: 'INFO', service: 'api',
      message: `line ${i}`, context, environment: null, version: null, host: null, traceId: null, spanId: null,
    });
    // Any object JSON.stringify makes: escapes, lone surrogates, exponents, big integers, -0, nesting.
    const contexts = fc.sample(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }), { numRuns: 300, seed: 13 })
      .map((o) => JSON.stringify(o));
    contexts.push(JSON.stringify({ n: 1e21, small: 5e-324, neg: -0, big: 2 ** 64, s: 'a"b\\c\n\u0000\u2028\ud800', deep: { a: [1, [2, { b: null }]] } }));
    await store.insertLogs(contexts.map((c, i) => row(i, c)));

    const db = (store as unknown as { db: Database.Database }).db;
    assert.deepEqual(db.prepare('SELECT DISTINCT typeof(context) FROM logs').pluck().all(), ['blob'], 'stored as JSONB');
    assert.equal(db.prepare("SELECT COUNT(*) FROM logs WHERE message = X''").pluck().get(), cold ? contexts.length : 0, 'cold or not');
    const scanned = (await store.scanLogs({ projectIds: [project.id], limit: 1000 })).rows;
    assert.deepEqual(scanned.map((r) => r.context).reverse(), contexts, 'the export reads the exact text written');
    const listed = (await store.queryLogs({ projectIds: [project.id], limit: 1000 })).data;
    assert.deepEqual(listed.map((e) => e.context).reverse(), contexts.map((c) => JSON.parse(c)));
    const one = await store.getLog(listed[7]!.id);
    assert.deepEqual(one?.context, listed[7]!.context);

    // A row as an earlier release wrote it (text), beside new rows with the same context.
    const base = contexts.length;
    await store.insertLogs([row(base, '{"user":"u1","ms":1500}'), row(base + 1, '{"user":"u2","ms":20}')]);
    db.prepare("INSERT INTO logs (project_id, ts, received_at, level, service, message, context) VALUES (?, ?, ?, 2, 'api', 'legacy', ?)")
      .run(project.id, 1_700_000_000_000 + base + 2, 1_700_000_000_000, '{"user":"u1","ms":1500}');
    const legacy = (await store.queryLogs({ projectIds: [project.id], limit: 1 })).data[0]!;
    assert.equal(legacy.message, 'legacy');
    assert.deepEqual(legacy.context, { user: 'u1', ms: 1500 });
    for (const [q, expected] of [['ctx.user:u1', ['legacy', `line ${base}`]], ['ctx.ms:>1000', ['legacy', `line ${base}`]], ['ctx.user:u*', ['legacy', `line ${base + 1}`, `line ${base}`]]] as const) {
      const found = (await store.queryLogs({ projectIds: [project.id], query: parseQuery(q), limit: 10 })).data.map((e) => e.message);
      assert.deepEqual(found, expected, q);
      assert.equal(await store.countLogs({ projectIds: [project.id], query: parseQuery(q) }), expected.length, `count of ${q}`);
    }
    // The explorer's context fields walk the newest rows' contexts, one of each kind here.
    const { fields } = await store.contextFields({ projectIds: [project.id] }, 3, 2, 10);
    assert.deepEqual(fields.map((f) => [f.path.join('.'), f.type, f.count]).sort(), [['ms', 'number', 3], ['user', 'string', 3]]);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
