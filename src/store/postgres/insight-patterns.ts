/** Project patterns on PostgreSQL (src/store/insight-types.ts). */
import { mergePattern, type InsightPatternStore, type StoredPattern } from '../insight-types.js';
import { LEVELS } from '../types.js';
import type { Db } from './db.js';
import { blockRowsFrom } from './log-blocks.js';

const toPattern = (r: Record<string, unknown>): StoredPattern => ({
  projectId: r.project_id as number,
  clusterId: r.cluster_id as string,
  template: r.template as string,
  count: Number(r.n),
  firstSeen: Number(r.first_seen),
  lastSeen: Number(r.last_seen),
  levels: r.levels as Record<string, number>, // jsonb arrives parsed
  services: r.services as string[],
  exampleIds: r.example_ids as string[],
});

export function insightPatternMethods(db: Db): InsightPatternStore {
  return {
    async patternSourceAfter(afterId, receivedBy, limit, every = 1) {
      // received_at bound: ids are taken at insert but seen at commit, so a batch still committing can hold ids
      // below newer visible ones; reading only rows received a while ago leaves it time to commit.
      const sample = every > 1 ? ' AND (id % $4 = 0 OR level >= $5)' : '';
      const where = `id > $1::bigint AND received_at <= $2${sample}`;
      const { rows } = await db.query(
        `SELECT * FROM ((SELECT id, project_id, ts, level, service, message FROM logs WHERE ${where} ORDER BY id LIMIT $3)
          UNION ALL (SELECT l.id, b.project_id, l.ts, l.level, l.service, l.message
            FROM ${blockRowsFrom(['id', 'ts', 'received_at', 'level', 'service', 'message'])} WHERE b.max_id > $1::bigint AND ${where} ORDER BY l.id LIMIT $3)) u
         ORDER BY id LIMIT $3`,
        every > 1 ? [afterId, receivedBy, limit, Math.floor(every), LEVELS.indexOf('ERROR')] : [afterId, receivedBy, limit],
      );
      return rows.map((r) => ({ id: String(r.id), projectId: r.project_id as number, ts: Number(r.ts), level: LEVELS[Number(r.level)] ?? 'INFO', service: r.service as string, message: r.message as string }));
    },
    async patternProgress() {
      const { rows } = await db.query('SELECT last_log_id::text AS w, state FROM insight_pattern_progress WHERE id = 1');
      return { watermark: rows[0].w as string, state: rows[0].state as string | null };
    },
    savePatternBatch(expected, next, deltas, hours) {
      return db.tx(async (c) => {
        const moved = await c.query('UPDATE insight_pattern_progress SET last_log_id = $1::bigint, state = COALESCE($2, state) WHERE id = 1 AND last_log_id = $3::bigint', [next.watermark, next.state, expected]);
        if (!moved.rowCount) return false;
        for (const d of deltas) {
          const { rows } = await c.query('SELECT * FROM insight_patterns WHERE project_id = $1 AND cluster_id = $2', [d.projectId, d.clusterId]);
          const m = mergePattern(rows[0] && toPattern(rows[0]), d);
          await c.query(
            `INSERT INTO insight_patterns (project_id, cluster_id, template, n, first_seen, last_seen, levels, services, example_ids)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (project_id, cluster_id) DO UPDATE SET template = $3, n = $4, first_seen = $5, last_seen = $6, levels = $7, services = $8, example_ids = $9`,
            [m.projectId, m.clusterId, m.template, m.count, m.firstSeen, m.lastSeen, JSON.stringify(m.levels), JSON.stringify(m.services), JSON.stringify(m.exampleIds)],
          );
        }
        if (hours.length) {
          await c.query(
            `INSERT INTO insight_pattern_hours (project_id, hour, cluster_id, n)
             SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::bigint[])
             ON CONFLICT (project_id, hour, cluster_id) DO UPDATE SET n = insight_pattern_hours.n + excluded.n`,
            [hours.map((h) => h.projectId), hours.map((h) => h.hour), hours.map((h) => h.clusterId), hours.map((h) => h.count)],
          );
        }
        return true;
      });
    },
    async listProjectPatterns(projectId, limit) {
      const { rows } = await db.query('SELECT * FROM insight_patterns WHERE project_id = $1 ORDER BY n DESC, cluster_id COLLATE "C" LIMIT $2', [projectId, limit]);
      return rows.map(toPattern);
    },
    async patternHours(projectId, from, to, clusterIds) {
      const only = clusterIds ? ' AND cluster_id = ANY($4::text[])' : '';
      const { rows } = await db.query(
        `SELECT project_id, hour, cluster_id, n FROM insight_pattern_hours WHERE project_id = $1 AND hour >= $2 AND hour < $3${only} ORDER BY hour, cluster_id COLLATE "C"`,
        clusterIds ? [projectId, from, to, clusterIds] : [projectId, from, to],
      );
      return rows.map((r) => ({ projectId: r.project_id as number, clusterId: r.cluster_id as string, hour: Number(r.hour), count: Number(r.n) }));
    },
  };
}

