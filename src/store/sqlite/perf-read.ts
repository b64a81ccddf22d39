/** Reads of the performance aggregates (perf_minutes, perf_hours) for src/perf. */
import type Database from 'better-sqlite3';
import type { PerfQuery, PerfRow } from '../perf-types.js';
import { planPerfRead } from '../perf-range.js';
import { HOUR_MS, MINUTE_MS } from '../perf-deltas.js';
import { StoredPerfRow } from '../perf-stored-row.js';

const COLUMNS = 'service, kind, route, method, version, environment, n, errors, sum_ms, max_ms, sketch';

function filters(q: PerfQuery): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (q.service !== undefined) (clauses.push('service = ?'), params.push(q.service));
  if (q.route !== undefined) (clauses.push('route = ?'), params.push(q.route));
  if (q.environment !== undefined) (clauses.push('environment = ?'), params.push(q.environment));
  if (q.versions?.length) (clauses.push(`version IN (${q.versions.map(() => '?').join(',')})`), params.push(...q.versions));
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), params };
}

export function perfRows(db: Database.Database, q: PerfQuery): PerfRow[] {
  const plan = planPerfRead(q);
  const f = filters(q);
  const out: PerfRow[] = [];
  if (plan.hours) {
    const rows = db
      .prepare(`SELECT hour AS t, ${COLUMNS} FROM perf_hours WHERE project_id = ? AND hour >= ? AND hour < ?${f.sql}`)
      .all(q.projectId, ...plan.hours, ...f.params);
    for (const r of rows) out.push(new StoredPerfRow(r, HOUR_MS));
  }
  for (const range of plan.minutes) {
    const rows = db
      .prepare(`SELECT minute AS t, ${COLUMNS} FROM perf_minutes WHERE project_id = ? AND minute >= ? AND minute < ?${f.sql}`)
      .all(q.projectId, ...range, ...f.params);
    for (const r of rows) out.push(new StoredPerfRow(r, MINUTE_MS));
  }
  return out;
}
