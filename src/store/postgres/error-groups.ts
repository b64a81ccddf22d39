/** Error group reads, status changes and merges on PostgreSQL (writes at ingest: error-groups-write.ts). */
import type { ErrorStore } from '../errors-types.js';
import { HOUR_MS } from '../error-deltas.js';
import { GROUP_COLUMNS, effectiveStatus, patchSets, sortSql, statusFilter, summarize, toErrorGroup, toTags, type TagRow } from '../error-rows.js';
import { isLogId, type LogEntry } from '../types.js';
import type { Db } from './db.js';
import { Params } from './filters.js';
import { blockRowsFrom, unionPage } from './log-blocks.js';
import { toLogEntry } from './rows.js';

type Group = ReturnType<typeof toErrorGroup>;

export function errorMethods(db: Db): ErrorStore {
  async function decorate(groups: Group[], hNow: number) {
    if (!groups.length) return [];
    const ids = groups.map((g) => g.id);
    const [hours, tags, hosts] = await Promise.all([
      db.query('SELECT group_id, hour, n FROM error_hours WHERE group_id = ANY($1::bigint[]) AND hour > $2 AND hour <= $3', [ids, hNow - 48, hNow]),
      db.query<TagRow>("SELECT group_id, tag, value, first_seen, last_seen FROM error_tags WHERE group_id = ANY($1::bigint[]) AND tag <> 'host'", [ids]),
      db.query("SELECT group_id, count(*) AS n FROM error_tags WHERE group_id = ANY($1::bigint[]) AND tag = 'host' GROUP BY group_id", [ids]),
    ]);
    return summarize(groups, hours.rows, tags.rows, hosts.rows);
  }

  /** The root group's project and fingerprints, or null when the id names no root group. */
  async function fingerprintsOf(id: string): Promise<{ projectId: number; fingerprints: string[] } | null> {
    if (!isLogId(id)) return null;
    const { rows } = await db.query(
      `SELECT project_id, fingerprint, merged_into FROM error_groups WHERE (id = $1 AND merged_into IS NULL) OR merged_into = $1
       ORDER BY merged_into IS NOT NULL, id`,
      [id],
    );
    if (!rows.length || rows[0].merged_into !== null) return null;
    return { projectId: rows[0].project_id, fingerprints: rows.map((r) => r.fingerprint) };
  }

  const methods: ErrorStore = {
    async listErrorGroups(q) {
      if (!q.projectIds.length) return [];
      const p = new Params();
      const hNow = Math.floor(q.now / HOUR_MS);
      const now = p.add(q.now);
      const eff = effectiveStatus(`${now}::bigint`);
      const where = ['g.merged_into IS NULL', `g.project_id = ANY(${p.add(q.projectIds)}::int[])`];
      const ids = (q as { ids?: string[] }).ids;
      if (ids) where.push(`g.id = ANY(${p.add(ids)}::bigint[])`);
      const statuses = statusFilter(q.status);
      if (statuses) where.push(`${eff} = ANY(${p.add([...statuses])}::text[])`);
      if (q.text) {
        const t = p.add(q.text.toLowerCase().replace(/\u0000/g, ''));
        where.push(`(strpos(lower(g.title), ${t}) > 0 OR strpos(lower(g.culprit), ${t}) > 0)`);
      }
      if (q.firstSeenFrom !== undefined) where.push(`g.first_seen >= ${p.add(q.firstSeenFrom)}`);
      if (q.from !== undefined) where.push(`g.last_seen >= ${p.add(q.from)}`);
      if (q.to !== undefined) where.push(`g.first_seen < ${p.add(q.to)}`);
      // Trend: one pass over the last 48 hours' counts (hour index), not a lookup per group.
      const trend = q.sort === 'trend' ? ', COALESCE(tr.trend, 0) AS trend' : '';
      const trendJoin = q.sort === 'trend'
        ? `LEFT JOIN (SELECT group_id, sum(CASE WHEN hour >= ${p.add(hNow - 23)} THEN n ELSE -n END) AS trend FROM error_hours
             WHERE hour >= ${p.add(hNow - 47)} AND hour <= ${p.add(hNow)} GROUP BY group_id) tr ON tr.group_id = g.id`
        : '';
      const { rows } = await db.query(
        `SELECT ${GROUP_COLUMNS}, ${eff} AS eff${trend} FROM error_groups g ${trendJoin} WHERE ${where.join(' AND ')}
         ORDER BY ${sortSql(q.sort)} LIMIT ${p.add(q.limit)} OFFSET ${p.add(q.offset)}`,
        p.values,
      );
      return decorate(rows.map(toErrorGroup), hNow);
    },

    async getErrorGroup(id, now) {
      if (!isLogId(id)) return null;
      const { rows } = await db.query('SELECT project_id FROM error_groups WHERE id = $1 AND merged_into IS NULL', [id]);
      if (!rows[0]) return null;
      const q = { projectIds: [rows[0].project_id], ids: [id], status: 'all' as const, sort: 'last_seen' as const, limit: 1, offset: 0, now };
      return (await methods.listErrorGroups(q))[0] ?? null;
    },

    async errorGroupTags(id) {
      if (!isLogId(id)) return toTags([]);
      const { rows } = await db.query('SELECT tag, value, n, first_seen, last_seen FROM error_tags WHERE group_id = $1', [id]);
      return toTags(rows);
    },

    async errorGroupFingerprints(id) {
      return (await fingerprintsOf(id))?.fingerprints ?? [];
    },

    async errorGroupEvents(id, limit, cursor) {
      const g = await fingerprintsOf(id);
      if (!g) return { data: [], next: null };
      const p = new Params();
      const fingerprints = p.add(g.fingerprints);
      let where = `project_id = ${p.add(g.projectId)} AND fingerprint = ANY(${fingerprints}::text[])`;
      // Blocks holding one of the group's fingerprints, from their GIN index.
      let blocks = `b.fingerprints && ${fingerprints}::text[]`;
      if (cursor) {
        const ts = p.add(cursor.ts);
        where += ` AND (ts, id) < (${ts}, ${p.add(cursor.id)}::bigint)`;
        blocks += ` AND b.min_ts <= ${ts}`;
      }
      const { rows } = await db.query(unionPage(where, { from: blockRowsFrom(), where: `${blocks} AND ${where}` }, 'newest', p.add(limit)), p.values);
      const last = rows[rows.length - 1];
      return { data: rows.map(toLogEntry), next: rows.length === limit && last ? { ts: Number(last.ts), id: String(last.id) } : null };
    },

    async errorGroupFirstEvent(id): Promise<LogEntry | null> {
      const g = await fingerprintsOf(id);
      if (!g) return null;
      const where = 'project_id = $1 AND fingerprint = ANY($2::text[])';
      const cold = { from: blockRowsFrom(), where: `b.fingerprints && $2::text[] AND ${where}` };
      const { rows } = await db.query(unionPage(where, cold, 'oldest', '1'), [g.projectId, g.fingerprints]);
      return rows[0] ? toLogEntry(rows[0]) : null;
    },

    async updateErrorGroups(rawIds, projectIds, patch, now) {
      const ids = rawIds.filter(isLogId);
      const p = new Params();
      const sets = patchSets(patch, now, (v) => p.add(v));
      if (!ids.length || !projectIds.length || !sets.length) return 0;
      const r = await db.query(
        `UPDATE error_groups SET ${sets.join(', ')}
         WHERE merged_into IS NULL AND id = ANY(${p.add(ids)}::bigint[]) AND project_id = ANY(${p.add(projectIds)}::int[])`,
        p.values,
      );
      return r.rowCount ?? 0;
    },

    async mergeErrorGroups(targetId, sourceIds) {
      if (!isLogId(targetId)) return false;
      return db.tx(async (c) => {
        // Locks by id, the order ingest locks root groups in (devsmith_apply_errors): a merge and a commit never deadlock.
        const { rows } = await c.query(
          `SELECT id, project_id, merged_into FROM error_groups WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
          [[targetId, ...sourceIds.filter(isLogId)]],
        );
        const target = rows.find((r) => String(r.id) === targetId && r.merged_into === null);
        if (!target) return false;
        const sources = rows.filter((r) => String(r.id) !== targetId && r.merged_into === null && r.project_id === target.project_id).map((r) => String(r.id));
        if (!sources.length) return true;
        await c.query(
          `UPDATE error_groups t SET count = t.count + s.count, first_seen = least(t.first_seen, s.first_seen),
             last_seen = greatest(t.last_seen, s.last_seen), level = greatest(t.level, s.level)
           FROM (SELECT sum(count) AS count, min(first_seen) AS first_seen, max(last_seen) AS last_seen, max(level) AS level
                 FROM error_groups WHERE id = ANY($2::bigint[])) s
           WHERE t.id = $1`,
          [targetId, sources],
        );
        await c.query('UPDATE error_groups SET merged_into = $1 WHERE merged_into = ANY($2::bigint[]) OR id = ANY($2::bigint[])', [targetId, sources]);
        await c.query(
          `INSERT INTO error_hours (group_id, hour, n) SELECT $1, hour, sum(n) FROM error_hours WHERE group_id = ANY($2::bigint[]) GROUP BY hour ORDER BY hour
           ON CONFLICT (group_id, hour) DO UPDATE SET n = error_hours.n + excluded.n`,
          [targetId, sources],
        );
        await c.query(
          `INSERT INTO error_tags (group_id, tag, value, n, first_seen, last_seen)
           SELECT $1, tag, value, sum(n), min(first_seen), max(last_seen) FROM error_tags WHERE group_id = ANY($2::bigint[]) GROUP BY tag, value ORDER BY tag, value
           ON CONFLICT (group_id, tag, value) DO UPDATE SET n = error_tags.n + excluded.n,
             first_seen = least(error_tags.first_seen, excluded.first_seen), last_seen = greatest(error_tags.last_seen, excluded.last_seen)`,
          [targetId, sources],
        );
        await c.query('DELETE FROM error_hours WHERE group_id = ANY($1::bigint[])', [sources]);
        await c.query('DELETE FROM error_tags WHERE group_id = ANY($1::bigint[])', [sources]);
        return true;
      });
    },
  };
  return methods;
}
