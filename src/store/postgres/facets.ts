/**
 * Facets on PostgreSQL: level and service counts (per-minute rollups where they answer the filter, rows at the
 * edges, like countLogs), top values of a field and context paths over a bounded sample of the newest rows.
 */
import { rollupsApply, splitRange } from '../rollup-range.js';
import type { ExploreStore, FacetField, JsonType } from '../explore-types.js';
import type { LogFilter } from '../types.js';
import type { Db } from './db.js';
import { Params, buildWhere } from './filters.js';
import { ALL_COLUMNS, blockQuery } from './log-blocks.js';
import { minutesWhere, partitionDays } from './rollups.js';
import { mergeGroups, toTopValues } from '../facet-rows.js';

const EARLIEST = -8.64e15;
const LATEST = 8.64e15;

/**
 * The newest `limit` rows matching the filter with the given columns. With several projects, the newest of
 * each project from its index, merged (as queryLogs does): `project_id = ANY(...)` would sort every match.
 */
function newestRows(f: LogFilter, p: Params, limit: number, columns: string): string {
  const lim = p.add(limit);
  // Recent rows and blocks, each newest first, merged; `columns` name the columns of `logs`, as blocks' rows do.
  const newest = (where: string, cold: { from: string; where: string }) =>
    `SELECT * FROM ((SELECT ${columns}, ts AS _ts, id AS _id FROM logs WHERE ${where} ORDER BY ts DESC, id DESC LIMIT ${lim})
      UNION ALL (SELECT ${columns}, l.ts, l.id FROM ${cold.from} WHERE ${cold.where} ORDER BY l.ts DESC, l.id DESC LIMIT ${lim})) u
     ORDER BY _ts DESC, _id DESC LIMIT ${lim}`;
  if (f.projectIds.length === 1) return newest(buildWhere(f, p), blockQuery(f, p, ALL_COLUMNS));
  return `SELECT l.* FROM unnest(${p.add(f.projectIds)}::int[]) AS pids(pid) CROSS JOIN LATERAL (
      ${newest(buildWhere(f, p, 'pid'), blockQuery(f, p, ALL_COLUMNS, 'pid'))}) l
    ORDER BY l._ts DESC, l._id DESC LIMIT ${lim}`;
}

/** `t` is the JSON type (null when absent), `x` the value as text. */
function fieldColumns(field: FacetField, p: Params): string {
  if ('context' in field) {
    const path = p.add(field.context.split('.'));
    return `jsonb_typeof(context #> ${path}::text[]) AS t, context #>> ${path}::text[] AS x`;
  }
  return `CASE WHEN ${field.column} IS NULL THEN NULL ELSE 'string' END AS t, ${field.column} AS x`;
}

/**
 * Runs a bounded sample query without JIT. The planner prices jsonb_each at 100 rows per call and a LIMITed
 * sample as the whole table, so it JIT-compiles these queries: 0.3 s of compilation for 10,000 contexts
 * walked in 0.1 s.
 */
function queryNoJit(db: Db, sql: string, params: unknown[]) {
  return db.tx(async (c) => {
    await c.query('SET LOCAL jit = off');
    return c.query(sql, params);
  });
}

export function facetMethods(db: Db): Pick<ExploreStore, 'facetCounts' | 'topValues' | 'contextFields'> {
  return {
    async facetCounts(f) {
      const raw = async (g: LogFilter) => {
        const p = new Params();
        const cold = blockQuery(g, p, ['service', 'level']);
        const sql = `SELECT project_id, service, level, count(*) AS n FROM logs WHERE ${buildWhere(g, p)} GROUP BY 1, 2, 3
          UNION ALL SELECT b.project_id, l.service, l.level, count(*) FROM ${cold.from} WHERE ${cold.where} GROUP BY 1, 2, 3`;
        return (await db.query(sql, p.values)).rows;
      };
      if (!rollupsApply(f)) return mergeGroups(await raw(f));
      const { middle, edges } = splitRange(f.from ?? EARLIEST, f.to ?? LATEST);
      const rows = [];
      if (middle) {
        const p = new Params();
        const where = minutesWhere(f, p, middle[0], middle[1], await partitionDays(db));
        rows.push(...(await db.query(`SELECT project_id, service, level, sum(n) AS n FROM log_minutes WHERE ${where} GROUP BY 1, 2, 3`, p.values)).rows);
      }
      for (const [from, to] of edges) rows.push(...(await raw({ ...f, from, to })));
      return mergeGroups(rows);
    },

    async topValues(f, field, limit, sampleSize) {
      const p = new Params();
      const sample = newestRows(f, p, sampleSize, fieldColumns(field, p));
      // k: 0 a value, 1 missing or null, 2 object or array. The special groups sort first, so limit + 2 rows hold all.
      const sql = `SELECT k, v, n, sum(n) OVER () AS total FROM (
          SELECT CASE WHEN t IS NULL OR t = 'null' THEN 1 WHEN t IN ('object', 'array') THEN 2 ELSE 0 END AS k,
                 CASE WHEN t IN ('string', 'number', 'boolean') THEN x END AS v, count(*) AS n
          FROM (${sample}) s GROUP BY 1, 2) g
        ORDER BY k DESC, n DESC, v COLLATE "C" LIMIT ${p.add(limit + 2)}`;
      return toTopValues((await queryNoJit(db, sql, p.values)).rows, limit);
    },

    async contextFields(f, sampleSize, maxDepth, limit) {
      const p = new Params();
      const sample = newestRows(f, p, sampleSize, 'context AS c');
      const depth = p.add(maxDepth);
      // Each context object is walked key by key to maxDepth; the CASE keeps jsonb_each from ever seeing a non-object.
      const sql = `WITH RECURSIVE s AS (${sample}),
        t(path, type, value, depth) AS (
          SELECT ARRAY[e.key], jsonb_typeof(e.value), e.value, 1
          FROM s, jsonb_each(CASE WHEN jsonb_typeof(s.c) = 'object' THEN s.c ELSE '{}'::jsonb END) e
          UNION ALL
          SELECT t.path || e.key, jsonb_typeof(e.value), e.value, t.depth + 1
          FROM t, jsonb_each(CASE WHEN t.type = 'object' THEN t.value ELSE '{}'::jsonb END) e
          WHERE t.type = 'object' AND t.depth < ${depth}::int
        )
        SELECT * FROM (
          SELECT path, type, count(*) AS n FROM t WHERE type <> 'object' OR depth = ${depth}::int GROUP BY 1, 2
          UNION ALL SELECT NULL, 'rows', count(*) FROM s) r
        ORDER BY path IS NULL DESC, n DESC LIMIT ${p.add(limit + 1)}`;
      const { rows } = await queryNoJit(db, sql, p.values);
      let scanned = 0;
      const fields = [];
      for (const r of rows) {
        if (r.path === null) scanned = Number(r.n);
        else fields.push({ path: r.path as string[], type: r.type as JsonType, count: Number(r.n) });
      }
      return { fields, scanned };
    },
  };
}
