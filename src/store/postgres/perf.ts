/**
 * The performance aggregates on PostgreSQL (src/perf): the upserts that ride along the rows' INSERT (like the
 * per-minute counts, logs-write.ts), with sketches (bigint[] with the bucket keys as subscripts,
 * src/perf/sketch-array.ts) added in place by devsmith_sketch_add (migration 13), and reads.
 */
import type { Db } from './db.js';
import type { PerfDelta, PerfQuery, PerfRow, PerfStore } from '../perf-types.js';
import { HOUR_MS, MINUTE_MS, toHours } from '../perf-deltas.js';
import { planPerfRead } from '../perf-range.js';
import { StoredPerfRow } from '../perf-stored-row.js';
import { sketchArrayLiteral } from '../../perf/sketch-array.js';

const KEY = (t: string) => `project_id, ${t}, service, kind, route, method, version, environment`;

/** Adds the deltas bound as one jsonb array at `$param` into `table` (a CTE of the logs' INSERT). */
export function upsertPerfSql(table: 'perf_minutes' | 'perf_hours', param: number): string {
  const t = table === 'perf_minutes' ? 'minute' : 'hour';
  return `INSERT INTO ${table} AS a (${KEY(t)}, n, errors, sum_ms, max_ms, sketch)
    SELECT p, t, s, k, r, m, v, e, n, x, sm, mx, sk FROM jsonb_to_recordset($${param}::jsonb)
      AS d(p int, t bigint, s text, k text, r text, m text, v text, e text, n bigint, x bigint, sm float8, mx float8, sk bigint[])
    ON CONFLICT (${KEY(t)}) DO UPDATE SET n = a.n + excluded.n, errors = a.errors + excluded.errors,
      sum_ms = a.sum_ms + excluded.sum_ms, max_ms = greatest(a.max_ms, excluded.max_ms),
      sketch = devsmith_sketch_add(a.sketch, excluded.sketch)`;
}

function records(deltas: PerfDelta[], sketches: string[], hours: boolean): string {
  return JSON.stringify(deltas.map((d, i) => ({
    p: d.projectId, t: hours ? Math.floor(d.minute / 60) : d.minute, s: d.service, k: d.kind, r: d.route, m: d.method,
    v: d.version, e: d.environment, n: d.n, x: d.errors, sm: d.sumMs, mx: d.maxMs, sk: sketches[i],
  })));
}

/**
 * The two parameters of the minute and hour upserts (the deltas are sorted by key: no deadlock). A commit's
 * rows usually all fall in one minute: its hour deltas are then its minute deltas (one per series), and
 * their sketches' text is made once for both.
 */
export function perfParams(deltas: PerfDelta[]): [string, string] {
  const minute = deltas[0]?.minute;
  const sketches = deltas.map((d) => sketchArrayLiteral(d.sketch));
  if (deltas.every((d) => d.minute === minute)) return [records(deltas, sketches, false), records(deltas, sketches, true)];
  const hours = toHours(deltas);
  return [records(deltas, sketches, false), records(hours, hours.map((d) => sketchArrayLiteral(d.sketch)), true)];
}

// The sketch as the array's text (what the wire carries anyway; it keeps the subscripts, which pg's array
// parser would drop): summed as it is scanned (src/perf/counts.ts), no object per row.
const COLUMNS = 'service, kind, route, method, version, environment, n, errors, sum_ms, max_ms, sketch::text AS sketch';

const toRow = (r: any, grainMs: number): PerfRow => new StoredPerfRow(r, grainMs);

export function perfMethods(db: Db): PerfStore {
  return {
    async perfRows(q: PerfQuery) {
      const plan = planPerfRead(q);
      const params: unknown[] = [q.projectId];
      const clauses: string[] = [];
      const bind = (v: unknown) => `$${params.push(v)}`;
      if (q.service !== undefined) clauses.push(`service = ${bind(q.service)}`);
      if (q.route !== undefined) clauses.push(`route = ${bind(q.route)}`);
      if (q.environment !== undefined) clauses.push(`environment = ${bind(q.environment)}`);
      if (q.versions?.length) clauses.push(`version = ANY(${bind(q.versions)}::text[])`);
      const where = clauses.map((c) => ` AND ${c}`).join('');
      const reads: Array<Promise<PerfRow[]>> = [];
      if (plan.hours) {
        reads.push(db.query(`SELECT hour AS t, ${COLUMNS} FROM perf_hours WHERE project_id = $1${where} AND hour >= $${params.length + 1} AND hour < $${params.length + 2}`, [...params, ...plan.hours])
          .then((r) => r.rows.map((x) => toRow(x, HOUR_MS))));
      }
      for (const m of plan.minutes) {
        reads.push(db.query(`SELECT minute AS t, ${COLUMNS} FROM perf_minutes WHERE project_id = $1${where} AND minute >= $${params.length + 1} AND minute < $${params.length + 2}`, [...params, ...m])
          .then((r) => r.rows.map((x) => toRow(x, MINUTE_MS))));
      }
      return (await Promise.all(reads)).flat();
    },
  };
}

/** The performance aggregates of a day (src/perf) go with its logs: its minutes and its 24 hours. */
export async function deletePerfDay(c: { query: (sql: string, params: unknown[]) => Promise<unknown> }, day: number, projectId: number | null): Promise<void> {
  const only = projectId === null ? '' : ' AND project_id = $3';
  const extra = projectId === null ? [] : [projectId];
  await c.query(`DELETE FROM perf_minutes WHERE minute >= $1 AND minute < $2${only}`, [day * 1440, (day + 1) * 1440, ...extra]);
  await c.query(`DELETE FROM perf_hours WHERE hour >= $1 AND hour < $2${only}`, [day * 24, (day + 1) * 24, ...extra]);
}
