/**
 * SQLite measures the log objects by subtraction (the file's used pages minus every other b-tree), so that it
 * never walks the logs. This checks the result against walking them: equal up to the pointer-map pages.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from './index.js';

test('storage by subtraction equals the pages of the logs table, its indexes and the text index', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-storage-'));
  const file = path.join(dir, 'devsmith.db');
  const store = await openSqliteStore({ path: file });
  try {
    const user = await store.createUser({ email: 'a@example.com', name: 'A', role: 'admin', passwordHash: 'x' });
    const project = await store.createProject({ ownerId: user.id, name: 'api', slug: 'api', description: '', repositoryUrl: null, rateLimitPerMinute: null }, 'h', 'dsk_x');
    const ts = Date.UTC(2026, 10, 25);
    await store.insertLogs(Array.from({ length: 5_000 }, (_, i) => ({
      projectId: project.id, ts: ts + i * 1000, receivedAt: ts + i * 1000, level: 'INFO', service: `svc-${i % 4}`,
      message: `GET /api/orders/${i} answered 200 in ${i % 700} ms for customer c-${i % 91}`, context: JSON.stringify({ order: i, region: 'eu' }),
      environment: 'prod', version: null, host: 'web-1', traceId: null, spanId: null,
    })));
    const db = new Database(file, { readonly: true });
    try {
      // The text index is filled after the commit, off the ingest path: both measures must see it complete.
      const indexedUpto = db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").pluck();
      for (let i = 0; Number(indexedUpto.get() ?? 0) < 5_000; i++) {
        assert.ok(i < 300, 'the text index caught up within 30 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      const report = await store.projectStorage([project.id], 0);
      const walked = db
        .prepare("SELECT SUM(s.pgsize) FROM dbstat('main', 1) s JOIN sqlite_schema o ON o.name = s.name WHERE o.tbl_name IN ('logs', 'log_blocks') OR o.name LIKE 'logs_fts_%'")
        .pluck().get() as number;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const pages = db.pragma('page_count', { simple: true }) as number;
      // auto_vacuum keeps one pointer-map page per page_size/5 pages; dbstat lists none of them.
      const ptrmap = (Math.ceil(pages / (pageSize / 5)) + 1) * pageSize;
      assert.ok(walked > 5_000 * 100, `the logs take pages: ${walked}`);
      assert.ok(report.totalBytes >= walked && report.totalBytes <= walked + ptrmap, `subtracted ${report.totalBytes}, walked ${walked}`);
      assert.deepEqual(report.covers, ['log_blocks', 'log_blocks_project', 'logs', 'logs_fts_config', 'logs_fts_data', 'logs_fts_idx', 'logs_fingerprint', 'logs_project_service_ts', 'logs_project_ts'].sort());
      assert.equal(report.projects[0]!.logs, 5_000);
    } finally {
      db.close();
    }
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
