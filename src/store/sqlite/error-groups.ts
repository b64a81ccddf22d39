/** Error group reads, status changes and merges on SQLite (writes at ingest are in error-groups-write.ts). */
import type Database from 'better-sqlite3';
import type { ErrorGroupPatch, ErrorGroupSummary, ErrorListQuery } from '../errors-types.js';
import { patchSets } from '../error-rows.js';
import { HOUR_MS } from '../error-deltas.js';
import { GROUP_COLUMNS, effectiveStatus, sortSql, statusFilter, summarize, toErrorGroup, toTags } from '../error-rows.js';
import { isLogId } from '../types.js';

const EFF = effectiveStatus('@now');
const list = (n: number) => Array(n).fill('?').join(',');
const ids = (raw: string[]) => raw.filter(isLogId).map(Number);

export function listGroups(db: Database.Database, q: ErrorListQuery & { ids?: number[] }): ErrorGroupSummary[] {
  if (!q.projectIds.length) return [];
  const hNow = Math.floor(q.now / HOUR_MS);
  const named: Record<string, unknown> = { now: q.now, h24: hNow - 23, h48: hNow - 47, hnow: hNow };
  const where = [`g.merged_into IS NULL`, `g.project_id IN (${q.projectIds.map((id, i) => ((named[`p${i}`] = id), `@p${i}`)).join(',')})`];
  if (q.ids) where.push(`g.id IN (${q.ids.map((id, i) => ((named[`i${i}`] = id), `@i${i}`)).join(',')})`);
  const statuses = statusFilter(q.status);
  if (statuses) where.push(`${EFF} IN (${statuses.map((st, i) => ((named[`s${i}`] = st), `@s${i}`)).join(',')})`);
  if (q.text) (named.text = q.text.toLowerCase()), where.push(`(instr(lower(g.title), @text) > 0 OR instr(lower(g.culprit), @text) > 0)`);
  if (q.firstSeenFrom !== undefined) (named.fsf = q.firstSeenFrom), where.push('g.first_seen >= @fsf');
  if (q.from !== undefined) (named.from = q.from), where.push('g.last_seen >= @from');
  if (q.to !== undefined) (named.to = q.to), where.push('g.first_seen < @to');
  // Trend: one pass over the last 48 hours' counts (hour index), not a lookup per group.
  const trend = q.sort === 'trend' ? ', COALESCE(tr.trend, 0) AS trend' : '';
  const trendJoin = q.sort === 'trend'
    ? `LEFT JOIN (SELECT group_id, SUM(CASE WHEN hour >= @h24 THEN n ELSE -n END) AS trend FROM error_hours
         WHERE hour >= @h48 AND hour <= @hnow GROUP BY group_id) tr ON tr.group_id = g.id`
    : '';
  named.limit = q.limit;
  named.offset = q.offset;
  const rows = db
    .prepare(`SELECT ${GROUP_COLUMNS}, ${EFF} AS eff${trend} FROM error_groups g ${trendJoin} WHERE ${where.join(' AND ')}
              ORDER BY ${sortSql(q.sort)} LIMIT @limit OFFSET @offset`)
    .all(named) as Array<Record<string, unknown>>;
  return decorate(db, rows.map(toErrorGroup), hNow);
}

function decorate(db: Database.Database, groups: ReturnType<typeof toErrorGroup>[], hNow: number): ErrorGroupSummary[] {
  if (!groups.length) return [];
  const gids = groups.map((g) => Number(g.id));
  const hours = db
    .prepare(`SELECT group_id, hour, n FROM error_hours WHERE group_id IN (${list(gids.length)}) AND hour > ? AND hour <= ?`)
    .all(...gids, hNow - 48, hNow) as Array<{ group_id: number; hour: number; n: number }>;
  const tags = db
    .prepare(`SELECT group_id, tag, value, first_seen, last_seen FROM error_tags WHERE group_id IN (${list(gids.length)}) AND tag <> 'host'`)
    .all(...gids) as Parameters<typeof summarize>[2];
  const hosts = db
    .prepare(`SELECT group_id, COUNT(*) AS n FROM error_tags WHERE group_id IN (${list(gids.length)}) AND tag = 'host' GROUP BY group_id`)
    .all(...gids) as Array<{ group_id: number; n: number }>;
  return summarize(groups, hours, tags, hosts);
}

export function getGroup(db: Database.Database, id: string, now: number): ErrorGroupSummary | null {
  if (!isLogId(id)) return null;
  const row = db.prepare('SELECT project_id FROM error_groups WHERE id = ? AND merged_into IS NULL').get(Number(id)) as { project_id: number } | undefined;
  if (!row) return null;
  return listGroups(db, { projectIds: [row.project_id], ids: [Number(id)], status: 'all', sort: 'last_seen', limit: 1, offset: 0, now })[0] ?? null;
}

export function groupTags(db: Database.Database, id: string) {
  const rows = isLogId(id) ? db.prepare('SELECT tag, value, n, first_seen, last_seen FROM error_tags WHERE group_id = ?').all(Number(id)) : [];
  return toTags(rows as Parameters<typeof toTags>[0]);
}

export function groupFingerprints(db: Database.Database, id: string): { projectId: number; fingerprints: string[] } | null {
  if (!isLogId(id)) return null;
  const rows = db
    .prepare(`SELECT project_id, fingerprint, merged_into FROM error_groups WHERE (id = ? AND merged_into IS NULL) OR merged_into = ?
              ORDER BY merged_into IS NOT NULL, id`)
    .all(Number(id), Number(id)) as Array<{ project_id: number; fingerprint: string; merged_into: number | null }>;
  if (!rows.length || rows[0]!.merged_into !== null) return null;
  return { projectId: rows[0]!.project_id, fingerprints: rows.map((r) => r.fingerprint) };
}

export function updateGroups(db: Database.Database, raw: string[], projectIds: number[], patch: ErrorGroupPatch, now: number): number {
  const gids = ids(raw);
  const params: unknown[] = [];
  const sets = patchSets(patch, now, (v) => (params.push(v), '?'));
  if (!gids.length || !projectIds.length || !sets.length) return 0;
  return db
    .prepare(`UPDATE error_groups SET ${sets.join(', ')}
              WHERE merged_into IS NULL AND id IN (${list(gids.length)}) AND project_id IN (${list(projectIds.length)})`)
    .run(...params, ...gids, ...projectIds).changes;
}

export function mergeGroups(db: Database.Database, targetRaw: string, sourcesRaw: string[]): boolean {
  if (!isLogId(targetRaw)) return false;
  const target = Number(targetRaw);
  return db.transaction(() => {
    const t = db.prepare('SELECT project_id FROM error_groups WHERE id = ? AND merged_into IS NULL').get(target) as { project_id: number } | undefined;
    if (!t) return false;
    const sources = (
      db
        .prepare(`SELECT id FROM error_groups WHERE id IN (${list(ids(sourcesRaw).length)}) AND project_id = ? AND merged_into IS NULL AND id <> ?`)
        .all(...ids(sourcesRaw), t.project_id, target) as Array<{ id: number }>
    ).map((r) => r.id);
    if (!sources.length) return true;
    const src = `(${list(sources.length)})`;
    db.prepare(
      `UPDATE error_groups SET (count, first_seen, last_seen, level) = (SELECT error_groups.count + SUM(s.count), min(error_groups.first_seen, MIN(s.first_seen)),
         max(error_groups.last_seen, MAX(s.last_seen)), max(error_groups.level, MAX(s.level)) FROM error_groups s WHERE s.id IN ${src}) WHERE id = ?`,
    ).run(...sources, target);
    db.prepare(`UPDATE error_groups SET merged_into = ? WHERE merged_into IN ${src} OR id IN ${src}`).run(target, ...sources, ...sources);
    db.prepare(
      `INSERT INTO error_hours (group_id, hour, n) SELECT ?, hour, SUM(n) FROM error_hours WHERE group_id IN ${src} GROUP BY hour
       ON CONFLICT (group_id, hour) DO UPDATE SET n = n + excluded.n`,
    ).run(target, ...sources);
    db.prepare(
      `INSERT INTO error_tags (group_id, tag, value, n, first_seen, last_seen)
       SELECT ?, tag, value, SUM(n), MIN(first_seen), MAX(last_seen) FROM error_tags WHERE group_id IN ${src} GROUP BY tag, value
       ON CONFLICT (group_id, tag, value) DO UPDATE SET n = n + excluded.n,
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    ).run(target, ...sources);
    db.prepare(`DELETE FROM error_hours WHERE group_id IN ${src}`).run(...sources);
    db.prepare(`DELETE FROM error_tags WHERE group_id IN ${src}`).run(...sources);
    return true;
  }).immediate();
}
