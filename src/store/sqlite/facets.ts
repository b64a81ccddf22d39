/**
 * Facets on SQLite: level and service counts (per-minute rollups where they answer the filter, rows at the
 * edges, like countLogs), top values of a field and context paths over a bounded sample of the newest rows.
 */
import type Database from 'better-sqlite3';
import { rollupsApply, splitRange } from '../rollup-range.js';
import type { LogFilter } from '../types.js';
import type { ContextFieldCount, FacetCount, FacetField, JsonType, TopValues } from '../explore-types.js';
import { mergeGroups, toTopValues } from '../facet-rows.js';
import { buildWhere, jsonPath, type Where } from './filters.js';
import { rollupWhere } from './rollups.js';
import { coldColumn, logColumn } from './cold.js';

const EARLIEST = -8.64e15;
const LATEST = 8.64e15;
/** Beyond this many projects the newest rows come from one query (SQLite caps compound selects at 500). */
const MAX_UNION = 50;

interface GroupRow {
  project_id: number;
  service: string;
  level: number;
  n: number;
}

export function facetCounts(db: Database.Database, f: LogFilter, watermark: number): FacetCount[] {
  const raw = (g: LogFilter) => {
    const w = buildWhere(g, watermark);
    return db
      .prepare(`SELECT l.project_id, l.service, l.level, COUNT(*) AS n FROM logs l WHERE ${w.sql} GROUP BY 1, 2, 3`)
      .all(...w.params) as GroupRow[];
  };
  const rows: GroupRow[] = [];
  if (!rollupsApply(f)) rows.push(...raw(f));
  else {
    const { middle, edges } = splitRange(f.from ?? EARLIEST, f.to ?? LATEST);
    if (middle) {
      const w = rollupWhere(f, middle[0] / 60_000, middle[1] / 60_000);
      rows.push(...(db.prepare(`SELECT project_id, service, level, SUM(n) AS n FROM log_minutes WHERE ${w.sql} GROUP BY 1, 2, 3`).all(...w.params) as GroupRow[]));
    }
    for (const [from, to] of edges) rows.push(...raw({ ...f, from, to }));
  }
  return mergeGroups(rows);
}

/**
 * The newest `limit` rows matching the filter with the given columns. With several projects, the newest of
 * each project from its own index, merged: one `project_id IN (...)` query would sort every matching row.
 */
function newestRows(f: LogFilter, watermark: number, limit: number, columns: Where): Where {
  const groups = f.projectIds.length <= MAX_UNION ? f.projectIds.map((id) => [id]) : [f.projectIds];
  const parts = groups.map((projectIds) => {
    const w = buildWhere({ ...f, projectIds }, watermark);
    return {
      sql: `SELECT * FROM (SELECT ${columns.sql}, l.ts AS _ts, l.id AS _id FROM logs l WHERE ${w.sql} ORDER BY l.ts DESC, l.id DESC LIMIT ?)`,
      params: [...columns.params, ...w.params, limit],
    };
  });
  if (parts.length === 1) return parts[0]!;
  return {
    sql: `SELECT * FROM (${parts.map((p) => p.sql).join(' UNION ALL ')}) ORDER BY _ts DESC, _id DESC LIMIT ?`,
    params: [...parts.flatMap((p) => p.params), limit],
  };
}

/** `t` is a JSON type name (null when absent), `x` the value as text. */
function fieldColumns(field: FacetField): Where {
  if ('context' in field) {
    const p = jsonPath(field.context.split('.'));
    const c = coldColumn('l', 'context');
    return { sql: `json_type(${c}, ?) AS t, json_extract(${c}, ?) AS x`, params: [p, p] };
  }
  const col = logColumn('l', field.column);
  return { sql: `CASE WHEN ${col} IS NULL THEN NULL ELSE 'text' END AS t, ${col} AS x`, params: [] };
}

export function topValues(db: Database.Database, f: LogFilter, field: FacetField, limit: number, sampleSize: number, watermark: number): TopValues {
  const sample = newestRows(f, watermark, sampleSize, fieldColumns(field));
  // k: 0 a value, 1 missing or null, 2 object or array. The special groups sort first, so limit + 2 rows hold all.
  const rows = db
    .prepare(
      `SELECT k, v, n, SUM(n) OVER () AS total FROM (
         SELECT CASE WHEN t IS NULL OR t = 'null' THEN 1 WHEN t IN ('object', 'array') THEN 2 ELSE 0 END AS k,
                CASE WHEN t IN ('true', 'false') THEN t WHEN t IN ('integer', 'real', 'text') THEN CAST(x AS TEXT) END AS v,
                COUNT(*) AS n
         FROM (${sample.sql}) GROUP BY 1, 2)
       ORDER BY k DESC, n DESC, v LIMIT ?`,
    )
    .all(...sample.params, limit + 2) as Array<{ k: number; v: string | null; n: number; total: number }>;
  return toTopValues(rows, limit);
}

const JSON_TYPES = new Set<string>(['string', 'number', 'boolean', 'null', 'array', 'object']);

export function contextFields(db: Database.Database, f: LogFilter, sampleSize: number, maxDepth: number, limit: number, watermark: number) {
  const sample = newestRows(f, watermark, sampleSize, { sql: `${coldColumn('l', 'context')} AS c`, params: [] });
  // Each context object is walked key by key to maxDepth; paths are JSON arrays of keys, so any key is exact.
  const rows = db
    .prepare(
      `WITH RECURSIVE s AS (${sample.sql}),
       t(path, type, value, depth) AS (
         SELECT json_array(e.key), e.type, e.value, 1 FROM s, json_each(s.c) e
         UNION ALL
         SELECT json_insert(t.path, '$[#]', e.key), e.type, e.value, t.depth + 1
         FROM t, json_each(CASE WHEN t.type = 'object' THEN t.value ELSE '{}' END) e WHERE t.type = 'object' AND t.depth < ?
       )
       SELECT * FROM (
         SELECT path, CASE type WHEN 'true' THEN 'boolean' WHEN 'false' THEN 'boolean' WHEN 'integer' THEN 'number'
           WHEN 'real' THEN 'number' WHEN 'text' THEN 'string' ELSE type END AS type, COUNT(*) AS n
         FROM t WHERE type <> 'object' OR depth = ? GROUP BY 1, 2
         UNION ALL SELECT NULL, 'rows', COUNT(*) FROM s)
       ORDER BY path IS NULL DESC, n DESC LIMIT ?`,
    )
    .all(...sample.params, maxDepth, maxDepth, limit + 1) as Array<{ path: string | null; type: string; n: number }>;
  let scanned = 0;
  const fields: ContextFieldCount[] = [];
  for (const r of rows) {
    if (r.path === null) scanned = r.n;
    else fields.push({ path: JSON.parse(r.path) as string[], type: (JSON_TYPES.has(r.type) ? r.type : 'null') as JsonType, count: r.n });
  }
  return { fields, scanned };
}
