/**
 * Error data ages with the logs (issue 13): once a project's day of logs is gone, the same statements on both
 * stores bring its error groups in step (`:name` parameters, turned into each store's form by `forPostgres` and
 * `forSqlite`).
 *
 * - Hourly counts of the day go (hours align with days, so this is exact).
 * - A root group's count becomes the sum of its hours left, and its first seen the time of its oldest event
 *   left (from the logs, through the fingerprint index); an "ignore for N events" keeps counting from the same
 *   point (its base drops by what was removed).
 * - Tag values last seen before the day's end go; values seen on both sides keep their count (tags have no
 *   time breakdown: their counts include expired events until the value itself expires) and start at the
 *   day's end.
 * - A root group with no event left is deleted, with its tags and the groups merged into it.
 *
 * Parameters: :project, :fromHour (first hour of the day), :toHour (hour after it), :dayEnd (epoch ms).
 */

/** Roots of the project that may have had events on the day (or before: days are taken oldest first). */
const AFFECTED = 'SELECT id FROM error_groups WHERE project_id = :project AND merged_into IS NULL AND first_seen < :dayEnd';
const EMPTY_ROOTS = 'SELECT id FROM error_groups WHERE project_id = :project AND merged_into IS NULL AND count = 0';

export const AGE_ERRORS_SQL: readonly string[] = [
  `DELETE FROM error_hours WHERE hour >= :fromHour AND hour < :toHour AND group_id IN (${AFFECTED})`,
  `DELETE FROM error_tags WHERE last_seen < :dayEnd AND group_id IN (${AFFECTED})`,
  `UPDATE error_tags SET first_seen = :dayEnd WHERE first_seen < :dayEnd AND group_id IN (${AFFECTED})`,
  // Every expression reads the row as it was: ignore_base drops by the old count minus the new one.
  `UPDATE error_groups SET
     count = (SELECT COALESCE(SUM(h.n), 0) FROM error_hours h WHERE h.group_id = error_groups.id),
     ignore_base = ignore_base - (count - (SELECT COALESCE(SUM(h.n), 0) FROM error_hours h WHERE h.group_id = error_groups.id)),
     first_seen = COALESCE((SELECT MIN(l.ts) FROM logs l WHERE l.project_id = :project AND l.fingerprint IN
       (SELECT g.fingerprint FROM error_groups g WHERE g.project_id = :project AND (g.id = error_groups.id OR g.merged_into = error_groups.id))), first_seen)
   WHERE project_id = :project AND merged_into IS NULL AND first_seen < :dayEnd`,
  `DELETE FROM error_tags WHERE group_id IN (${EMPTY_ROOTS})`,
  `DELETE FROM error_hours WHERE group_id IN (${EMPTY_ROOTS})`,
  `DELETE FROM error_groups WHERE project_id = :project AND merged_into IN (${EMPTY_ROOTS})`,
  `DELETE FROM error_groups WHERE project_id = :project AND merged_into IS NULL AND count = 0`,
];

const HOUR_MS = 3_600_000;

export interface AgeErrorsParams {
  project: number;
  fromHour: number;
  toHour: number;
  dayEnd: number;
}

export function ageErrorsParams(projectId: number, day: number): AgeErrorsParams {
  return { project: projectId, fromHour: day * 24, toHour: (day + 1) * 24, dayEnd: (day + 1) * 24 * HOUR_MS };
}

/** PostgreSQL: `:name` becomes `$n` (numbered by first use), with the values in that order. */
export function forPostgres(sql: string, params: AgeErrorsParams): { text: string; values: number[] } {
  const names: Array<keyof AgeErrorsParams> = [];
  const text = sql.replace(/:(project|fromHour|toHour|dayEnd)\b/g, (_, name: keyof AgeErrorsParams) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}::bigint`;
  });
  return { text, values: names.map((n) => params[n]) };
}

/** SQLite (better-sqlite3): `:name` is a named parameter already; only the names it uses may be bound. */
export function forSqlite(sql: string): { sql: string; names: Array<keyof AgeErrorsParams> } {
  const names = [...new Set([...sql.matchAll(/:(project|fromHour|toHour|dayEnd)\b/g)].map((m) => m[1] as keyof AgeErrorsParams))];
  return { sql, names };
}
