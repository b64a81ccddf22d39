/** Saved views on PostgreSQL: a small per-user table. */
import type { ExploreStore, SavedView, SavedViewQuery } from '../explore-types.js';
import type { Db } from './db.js';

const COLUMNS = 'id, user_id, name, query, created_at, updated_at';

const toView = (r: Record<string, unknown>): SavedView => ({
  id: r.id as number,
  userId: r.user_id as number,
  name: r.name as string,
  query: r.query as SavedViewQuery, // jsonb arrives parsed
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

type ViewMethods = Pick<ExploreStore, 'listViews' | 'getView' | 'createView' | 'updateView' | 'deleteView'>;

export function viewMethods(db: Db): ViewMethods {
  return {
    async listViews(userId) {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM saved_views WHERE user_id = $1 ORDER BY name COLLATE "C", id`, [userId]);
      return rows.map(toView);
    },
    async getView(userId, id) {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM saved_views WHERE id = $1 AND user_id = $2`, [id, userId]);
      return rows[0] ? toView(rows[0]) : null;
    },
    createView(v, maxPerUser) {
      // Locking the user's row queues concurrent creates of the same user, so the count below is exact.
      return db.tx(async (c) => {
        const user = await c.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [v.userId]);
        const n = Number((await c.query('SELECT count(*) AS n FROM saved_views WHERE user_id = $1', [v.userId])).rows[0].n);
        if (!user.rowCount || n >= maxPerUser) return null;
        const now = Date.now();
        const { rows } = await c.query(
          `INSERT INTO saved_views (user_id, name, query, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${COLUMNS}`,
          [v.userId, v.name, JSON.stringify(v.query), now],
        );
        return toView(rows[0]);
      }, 'view with this name');
    },
    async updateView(userId, id, patch) {
      const { rows } = await db.query(
        `UPDATE saved_views SET name = coalesce($3, name), query = coalesce($4::jsonb, query), updated_at = $5
         WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
        [id, userId, patch.name ?? null, patch.query ? JSON.stringify(patch.query) : null, Date.now()],
        'view with this name',
      );
      return rows[0] ? toView(rows[0]) : null;
    },
    async deleteView(userId, id) {
      const r = await db.query('DELETE FROM saved_views WHERE id = $1 AND user_id = $2', [id, userId]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
