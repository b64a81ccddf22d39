/**
 * Error data ages with the logs (issue 13): once a project's day of logs is gone, the same statements on both
 * stores (`$n` parameters; on SQLite named `$pn`, see `forSqlite`) bring its error groups in step.
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
 * Parameters: $1 project id, $2 first hour of the day, $3 hour after the day, $4 the day's end (epoch ms).
 */

/** Roots of the project that may have had events on the day (or before: days are taken oldest first). */
const AFFECTED = 'SELECT id FROM error_groups WHERE project_id = $1 AND merged_into IS NULL AND first_seen < $4';
const EMPTY_ROOTS = 'SELECT id FROM error_groups WHERE project_id = $1 AND merged_into IS NULL AND count = 0';

export const AGE_ERRORS_SQL: readonly string[] = [
  `DELETE FROM error_hours WHERE hour >= $2 AND hour < $3 AND group_id IN (${AFFECTED})`,
  `DELETE FROM error_tags WHERE last_seen < $4 AND group_id IN (${AFFECTED})`,
  `UPDATE error_tags SET first_seen = $4 WHERE first_seen < $4 AND group_id IN (${AFFECTED})`,
  // Every expression reads the row as it was: ignore_base drops by the old count minus the new one.
  `UPDATE error_groups SET
     count = (SELECT COALESCE(SUM(h.n), 0) FROM error_hours h WHERE h.group_id = error_groups.id),
     ignore_base = ignore_base - (count - (SELECT COALESCE(SUM(h.n), 0) FROM error_hours h WHERE h.group_id = error_groups.id)),
     first_seen = COALESCE((SELECT MIN(l.ts) FROM logs l WHERE l.project_id = $1 AND l.fingerprint IN
       (SELECT g.fingerprint FROM error_groups g WHERE g.project_id = $1 AND (g.id = error_groups.id OR g.merged_into = error_groups.id))), first_seen)
   WHERE project_id = $1 AND merged_into IS NULL AND first_seen < $4`,
  `DELETE FROM error_tags WHERE group_id IN (${EMPTY_ROOTS})`,
  `DELETE FROM error_hours WHERE group_id IN (${EMPTY_ROOTS})`,
  `DELETE FROM error_groups WHERE project_id = $1 AND merged_into IN (${EMPTY_ROOTS})`,
  `DELETE FROM error_groups WHERE project_id = $1 AND merged_into IS NULL AND count = 0`,
];

const HOUR_MS = 3_600_000;

/** The parameters of AGE_ERRORS_SQL for a project's day. */
export function ageErrorsParams(projectId: number, day: number): [number, number, number, number] {
  return [projectId, day * 24, (day + 1) * 24, (day + 1) * 24 * HOUR_MS];
}

/** SQLite (better-sqlite3) binds no numbered parameters: `$1` becomes the named `$p1`, bound as `{p1: ...}`. */
export const forSqlite = (sql: string) => sql.replace(/\$(\d)/g, '$$p$1');
export const sqliteParams = (params: readonly number[]) => Object.fromEntries(params.map((v, i) => [`p${i + 1}`, v]));
