/**
 * Error group writes on SQLite, inside the writer worker's commit transaction (writer.ts): the logs and
 * the counts of their groups commit together, so an acknowledged error is always counted, exactly once.
 */
import type Database from 'better-sqlite3';
import { reopens, type ErrorDelta } from '../error-deltas.js';

interface Target {
  id: number;
  status: string;
  count: number;
  resolved_release: string | null;
  ignore_until: number | null;
  ignore_count: number | null;
  ignore_base: number | null;
}

export class ErrorGroupWriter {
  private readonly find: Database.Statement;
  private readonly findRoot: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly load: Database.Statement;
  private readonly update: Database.Statement;
  private readonly reopen: Database.Statement;
  private readonly hour: Database.Statement;
  private readonly tag: Database.Statement;

  constructor(db: Database.Database) {
    this.find = db.prepare('SELECT id, merged_into FROM error_groups WHERE project_id = ? AND fingerprint = ?');
    this.findRoot = db.prepare('SELECT COALESCE(merged_into, id) AS root FROM error_groups WHERE project_id = ? AND fingerprint = ?');
    this.insert = db.prepare(
      `INSERT INTO error_groups (project_id, fingerprint, merged_into, title, culprit, type, level, first_seen, last_seen, count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.load = db.prepare(
      'SELECT id, status, count, resolved_release, ignore_until, ignore_count, ignore_base FROM error_groups WHERE id = ?',
    );
    this.update = db.prepare(
      `UPDATE error_groups SET count = count + ?, level = max(level, ?), first_seen = min(first_seen, ?), last_seen = max(last_seen, ?)
       WHERE id = ?`,
    );
    this.reopen = db.prepare(
      `UPDATE error_groups SET status = 'unresolved', regressed_at = CASE WHEN ? THEN ? ELSE regressed_at END,
         ignore_until = NULL, ignore_count = NULL, ignore_base = NULL WHERE id = ?`,
    );
    this.hour = db.prepare(
      'INSERT INTO error_hours (group_id, hour, n) VALUES (?, ?, ?) ON CONFLICT (group_id, hour) DO UPDATE SET n = n + excluded.n',
    );
    this.tag = db.prepare(
      `INSERT INTO error_tags (group_id, tag, value, n, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id, tag, value) DO UPDATE SET n = n + excluded.n,
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    );
  }

  /** Applies the commit's deltas (sorted, one per (project, fingerprint)); call inside the transaction. */
  apply(deltas: ErrorDelta[], now: number): void {
    for (const d of deltas) {
      const target = this.targetOf(d, now);
      for (const [hour, n] of d.hours) this.hour.run(target, hour, n);
      for (const [tag, value, n, first, last] of d.tags) this.tag.run(target, tag, value, n, first, last);
    }
  }

  /** The root group the delta counts towards, created (or joined through a legacy fingerprint) when new. */
  private targetOf(d: ErrorDelta, now: number): number {
    const raw = this.find.get(d.projectId, d.fingerprint) as { id: number; merged_into: number | null } | undefined;
    let root: number | null = raw ? (raw.merged_into ?? raw.id) : null;
    if (!raw) {
      for (const old of d.legacy) {
        const hit = this.findRoot.get(d.projectId, old) as { root: number } | undefined;
        if (hit) {
          root = hit.root;
          break;
        }
      }
      const own = root === null;
      const id = Number(
        this.insert.run(d.projectId, d.fingerprint, root, d.title, d.culprit, d.type, d.level, d.first, d.last, own ? d.n : 0).lastInsertRowid,
      );
      if (own) return id;
    }
    const g = this.load.get(root!) as Target;
    const change = reopens(
      { status: g.status, resolvedRelease: g.resolved_release, ignoreUntil: g.ignore_until, ignoreCount: g.ignore_count, ignoreBase: g.ignore_base, count: g.count },
      d,
      now,
    );
    this.update.run(d.n, d.level, d.first, d.last, g.id);
    if (change) this.reopen.run(change === 'regressed' ? 1 : 0, now, g.id);
    return g.id;
  }
}
