/**
 * Error group writes on SQLite, inside the writer worker's commit transaction (writer.ts): the logs and
 * the counts of their groups commit together, so an acknowledged error is always counted, exactly once.
 * Cost per commit: one UPDATE per (project, fingerprint) of the commit, then the hour and tag counts of all
 * of them in multi-row upserts (16 rows a statement, like the logs).
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

const CHUNK = 16;
const HOURS_SQL = (k: number) =>
  `INSERT INTO error_hours (group_id, hour, n) VALUES ${Array(k).fill('(?, ?, ?)').join(', ')}
   ON CONFLICT (group_id, hour) DO UPDATE SET n = n + excluded.n`;
const TAGS_SQL = (k: number) =>
  `INSERT INTO error_tags (group_id, tag, value, n, first_seen, last_seen) VALUES ${Array(k).fill('(?, ?, ?, ?, ?, ?)').join(', ')}
   ON CONFLICT (group_id, tag, value) DO UPDATE SET n = n + excluded.n,
     first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`;

export class ErrorGroupWriter {
  private readonly bump: Database.Statement;
  private readonly findRoot: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly reopen: Database.Statement;
  private readonly hours: [Database.Statement, Database.Statement];
  private readonly tags: [Database.Statement, Database.Statement];

  constructor(db: Database.Database) {
    // The status columns are not changed by this UPDATE: RETURNING gives them as they were (count: after).
    this.bump = db.prepare(
      `UPDATE error_groups SET count = count + ?, level = max(level, ?), first_seen = min(first_seen, ?), last_seen = max(last_seen, ?)
       WHERE id = (SELECT COALESCE(merged_into, id) FROM error_groups WHERE project_id = ? AND fingerprint = ?)
       RETURNING id, status, count, resolved_release, ignore_until, ignore_count, ignore_base`,
    );
    this.findRoot = db.prepare('SELECT COALESCE(merged_into, id) AS root FROM error_groups WHERE project_id = ? AND fingerprint = ?');
    this.insert = db.prepare(
      `INSERT INTO error_groups (project_id, fingerprint, merged_into, title, culprit, type, level, first_seen, last_seen, count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.reopen = db.prepare(
      `UPDATE error_groups SET status = 'unresolved', regressed_at = CASE WHEN ? THEN ? ELSE regressed_at END,
         ignore_until = NULL, ignore_count = NULL, ignore_base = NULL WHERE id = ?`,
    );
    this.hours = [db.prepare(HOURS_SQL(CHUNK)), db.prepare(HOURS_SQL(1))];
    this.tags = [db.prepare(TAGS_SQL(CHUNK)), db.prepare(TAGS_SQL(1))];
  }

  /** Applies the commit's deltas (sorted, one per (project, fingerprint)); call inside the transaction. */
  apply(deltas: ErrorDelta[], now: number): void {
    if (!deltas.length) return;
    const hours = new Map<string, unknown[]>();
    const tags = new Map<string, unknown[]>();
    for (const d of deltas) {
      const target = this.targetOf(d, now);
      for (const [hour, n] of d.hours) {
        const h = hours.get(`${target}:${hour}`);
        if (h) (h[2] as number) += n;
        else hours.set(`${target}:${hour}`, [target, hour, n]);
      }
      for (const [tag, value, n, first, last] of d.tags) {
        // Two fingerprints of one root (merged) may bring the same value: one row per key per statement.
        const key = `${target}\u0000${tag}\u0000${value}`;
        const t = tags.get(key);
        if (!t) tags.set(key, [target, tag, value, n, first, last]);
        else {
          (t[3] as number) += n;
          t[4] = Math.min(t[4] as number, first);
          t[5] = Math.max(t[5] as number, last);
        }
      }
    }
    runChunked(this.hours, [...hours.values()]);
    runChunked(this.tags, [...tags.values()]);
  }

  /** The root group the delta counts towards, counted; created (or joined through a legacy fingerprint) when new. */
  private targetOf(d: ErrorDelta, now: number): number {
    let g = this.bump.get(d.n, d.level, d.first, d.last, d.projectId, d.fingerprint) as Target | undefined;
    if (!g) {
      let root: number | null = null;
      for (const old of d.legacy) {
        root = (this.findRoot.get(d.projectId, old) as { root: number } | undefined)?.root ?? null;
        if (root !== null) break;
      }
      const own = root === null;
      const id = this.insert.run(d.projectId, d.fingerprint, root, d.title, d.culprit, d.type, d.level, d.first, d.last, own ? d.n : 0).lastInsertRowid;
      if (own) return Number(id);
      g = this.bump.get(d.n, d.level, d.first, d.last, d.projectId, d.fingerprint) as Target;
    }
    const before = { status: g.status, resolvedRelease: g.resolved_release, ignoreUntil: g.ignore_until, ignoreCount: g.ignore_count, ignoreBase: g.ignore_base, count: g.count - d.n };
    const change = reopens(before, d, now);
    if (change) this.reopen.run(change === 'regressed' ? 1 : 0, now, g.id);
    return g.id;
  }
}

function runChunked([many, one]: [Database.Statement, Database.Statement], rows: unknown[][]): void {
  let i = 0;
  for (; i + CHUNK <= rows.length; i += CHUNK) many.run(rows.slice(i, i + CHUNK).flat());
  for (; i < rows.length; i++) one.run(rows[i]);
}
