/** Saved views on SQLite: a small per-user table, written on the reading connection like accounts. */
import type Database from 'better-sqlite3';
import { StoreConflictError } from '../types.js';
import type { NewSavedView, SavedView, SavedViewPatch, SavedViewQuery } from '../explore-types.js';

interface ViewRow {
  id: number;
  user_id: number;
  name: string;
  query: string;
  created_at: number;
  updated_at: number;
}

const toView = (r: ViewRow): SavedView => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  query: JSON.parse(r.query) as SavedViewQuery,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function unique<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StoreConflictError('view with this name');
    throw err;
  }
}

export function listViews(db: Database.Database, userId: number): SavedView[] {
  return (db.prepare('SELECT * FROM saved_views WHERE user_id = ? ORDER BY name, id').all(userId) as ViewRow[]).map(toView);
}

export function getView(db: Database.Database, userId: number, id: number): SavedView | null {
  const row = db.prepare('SELECT * FROM saved_views WHERE id = ? AND user_id = ?').get(id, userId) as ViewRow | undefined;
  return row ? toView(row) : null;
}

export function createView(db: Database.Database, v: NewSavedView, maxPerUser: number): SavedView | null {
  // One connection and an immediate transaction: the count and the insert cannot interleave with another.
  const tx = db.transaction(() => {
    const n = (db.prepare('SELECT COUNT(*) AS n FROM saved_views WHERE user_id = ?').get(v.userId) as { n: number }).n;
    if (n >= maxPerUser) return null;
    const now = Date.now();
    // .all(), not .get(): see accounts.ts on RETURNING.
    const row = db
      .prepare('INSERT INTO saved_views (user_id, name, query, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
      .all(v.userId, v.name, JSON.stringify(v.query), now, now)[0] as ViewRow;
    return toView(row);
  });
  return unique(() => tx.immediate());
}

export function updateView(db: Database.Database, userId: number, id: number, patch: SavedViewPatch): SavedView | null {
  const rows = unique(() =>
    db
      .prepare(
        `UPDATE saved_views SET name = coalesce(?, name), query = coalesce(?, query), updated_at = ?
         WHERE id = ? AND user_id = ? RETURNING *`,
      )
      .all(patch.name ?? null, patch.query ? JSON.stringify(patch.query) : null, Date.now(), id, userId) as ViewRow[],
  );
  return rows[0] ? toView(rows[0]) : null;
}

export function deleteView(db: Database.Database, userId: number, id: number): boolean {
  return db.prepare('DELETE FROM saved_views WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
}
