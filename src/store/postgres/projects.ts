/** Projects and their ingest keys (stored as hashes with a display prefix). */
import type { Project, ProjectStats, Store } from '../types.js';
import type { Db } from './db.js';
import { DAY_OF_MINUTE, partitionDays } from './rollups.js';
import { PROJECT_COLUMNS, toProject } from './rows.js';

type ProjectMethods = Pick<
  Store,
  | 'createProject' | 'listProjects' | 'getProject' | 'getProjectBySlug' | 'updateProject' | 'replaceProjectKey'
  | 'findProjectByKeyHash' | 'projectStats' | 'listProjectIds'
>;

/**
 * Log count and newest log time of project `p`, from the per-minute rollups (rollups.ts) of the days whose
 * partition exists ($1): a few rows per minute with logs, not every log of every partition (issue 9: the
 * count over 2,000 partitions took 20 s).
 */
const STATS = `LEFT JOIN LATERAL (SELECT coalesce(sum(m.n), 0) AS log_count, max(m.last_ts) AS last_log_at
  FROM log_minutes m WHERE m.project_id = p.id AND ${DAY_OF_MINUTE('m.minute')} = ANY($1::bigint[])) s ON true`;

function toStats(r: Record<string, unknown>): ProjectStats {
  return { logCount: Number(r.log_count), lastLogAt: r.last_log_at === null ? null : Number(r.last_log_at) };
}

export function projectMethods(db: Db): ProjectMethods {
  async function one(sql: string, params: unknown[], conflictWhat?: string): Promise<Project | null> {
    const { rows } = await db.query(sql, params, conflictWhat);
    return rows[0] ? toProject(rows[0]) : null;
  }

  return {
    async createProject(p, keyHash, keyPrefix) {
      const now = Date.now();
      const created = await one(
        `INSERT INTO projects (owner_id, name, slug, description, repository_url, rate_limit_per_minute, key_hash, key_prefix, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${PROJECT_COLUMNS}`,
        [p.ownerId, p.name, p.slug, p.description, p.repositoryUrl, p.rateLimitPerMinute, keyHash, keyPrefix, now],
        'project',
      );
      return created!;
    },
    async listProjects(ownerId) {
      const { rows } = await db.query(
        `SELECT ${PROJECT_COLUMNS}, s.log_count, s.last_log_at FROM projects p ${STATS}
         WHERE $2::int IS NULL OR owner_id = $2 ORDER BY name COLLATE "C", id`,
        [await partitionDays(db), ownerId],
      );
      return rows.map((r) => ({ ...toProject(r), ...toStats(r) }));
    },
    async listProjectIds(ownerId) {
      const { rows } = await db.query('SELECT id FROM projects WHERE $1::int IS NULL OR owner_id = $1 ORDER BY id', [ownerId]);
      return rows.map((r) => r.id as number);
    },
    getProject(id) {
      return one(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = $1`, [id]);
    },
    getProjectBySlug(slug, ownerId) {
      // Slugs are unique per owner only: without an owner (admins) the oldest project wins.
      return one(
        `SELECT ${PROJECT_COLUMNS} FROM projects WHERE slug = $1 AND ($2::int IS NULL OR owner_id = $2) ORDER BY id LIMIT 1`,
        [slug, ownerId],
      );
    },
    updateProject(id, patch) {
      const has = (k: keyof typeof patch) => Object.prototype.hasOwnProperty.call(patch, k) && patch[k] !== undefined;
      // Nullable columns need an explicit "set it" flag: null is a value for them, not "unchanged".
      return one(
        `UPDATE projects SET
           name = coalesce($2, name), slug = coalesce($3, slug), description = coalesce($4, description),
           repository_url = CASE WHEN $5 THEN $6 ELSE repository_url END,
           active = coalesce($7, active),
           rate_limit_per_minute = CASE WHEN $8 THEN $9::int ELSE rate_limit_per_minute END,
           updated_at = $10,
           retention_days = CASE WHEN $11 THEN $12::int ELSE retention_days END,
           apdex_threshold_ms = CASE WHEN $13 THEN $14::int ELSE apdex_threshold_ms END,
           ai_external_allowed = coalesce($15, ai_external_allowed)
         WHERE id = $1 RETURNING ${PROJECT_COLUMNS}`,
        [
          id, patch.name ?? null, patch.slug ?? null, patch.description ?? null,
          has('repositoryUrl'), patch.repositoryUrl ?? null,
          patch.active ?? null,
          has('rateLimitPerMinute'), patch.rateLimitPerMinute ?? null,
          Date.now(),
          has('retentionDays'), patch.retentionDays ?? null,
          has('apdexThresholdMs'), patch.apdexThresholdMs ?? null,
          patch.aiExternalAllowed ?? null,
        ],
        'project',
      );
    },
    replaceProjectKey(id, keyHash, keyPrefix) {
      return one(
        `UPDATE projects SET key_hash = $2, key_prefix = $3, updated_at = $4 WHERE id = $1 RETURNING ${PROJECT_COLUMNS}`,
        [id, keyHash, keyPrefix, Date.now()],
        'project key',
      );
    },
    findProjectByKeyHash(keyHash) {
      return one(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE key_hash = $1`, [keyHash]);
    },
    async projectStats(id) {
      const { rows } = await db.query(`SELECT s.* FROM (SELECT $2::int AS id) p ${STATS}`, [await partitionDays(db), id]);
      return toStats(rows[0]);
    },
  };
}
