/**
 * Storage per project on SQLite (storage-types.ts). All logs live in one file, so the log objects are measured
 * by what is left: the file's used pages minus every other b-tree, which `dbstat` walks page by page. The other
 * tables (users, rollups, error groups...) are small next to the logs, so this reads a small part of the file,
 * where walking the logs table and its indexes would read nearly all of it, on the event loop.
 */
import type Database from 'better-sqlite3';
import type { LogObjectsMeasure } from '../storage-share.js';

/** The logs table, its indexes (and automatic ones), the FTS5 text index's shadow tables and the cold blocks. */
function isLogObject(o: { name: string; tbl_name: string }): boolean {
  return o.tbl_name === 'logs' || o.name.startsWith('logs_fts_') || o.tbl_name === 'log_blocks';
}

export function measureLogObjects(db: Database.Database): LogObjectsMeasure {
  const pagesOf = db.prepare("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat('main', 1) WHERE name = ?").pluck();
  return db.transaction(() => {
    // Every b-tree with pages; the schema table holds the others' definitions and is one of them.
    const objects = db.prepare('SELECT name, tbl_name FROM sqlite_schema WHERE rootpage > 0').all() as Array<{ name: string; tbl_name: string }>;
    const others = [{ name: 'sqlite_schema', tbl_name: 'sqlite_schema' }, ...objects.filter((o) => !isLogObject(o))];
    const otherBytes = others.reduce((sum, o) => sum + (pagesOf.get(o.name) as number), 0);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const usedPages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
    const totalLogs = db.prepare('SELECT COALESCE(SUM(n), 0) FROM log_minutes').pluck().get() as number;
    return {
      measuredAt: Date.now(),
      covers: objects.filter(isLogObject).map((o) => o.name).sort(),
      // Also counts pointer-map pages (auto_vacuum) and the lock-byte page: a few per thousand, the logs' too.
      totalBytes: Math.max(0, usedPages * pageSize - otherBytes),
      totalLogs,
    };
  }).deferred();
}

/** Stored logs of each project, from the per-minute counts. */
export function storedLogsByProject(db: Database.Database, projectIds: number[]): Map<number, number> {
  const count = db.prepare('SELECT COALESCE(SUM(n), 0) FROM log_minutes WHERE project_id = ?').pluck();
  return new Map(projectIds.map((id) => [id, count.get(id) as number]));
}
