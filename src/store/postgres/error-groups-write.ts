/**
 * Error group writes on PostgreSQL, inside the one INSERT statement that stores the rows (logs-write.ts):
 * the statement calls devsmith_apply_errors with the commit's deltas (aggregated per (project, fingerprint)
 * in memory, sorted), so the rows and their groups commit together, or not at all.
 */
import type { ErrorDelta } from '../error-deltas.js';

const DELTA_COLUMNS = `p integer, f text, legacy jsonb, title text, culprit text, type text, level smallint, n bigint,
  first bigint, last bigint, versions jsonb, hours jsonb, tags jsonb`;
/** Each delta with the root group it counts towards (once the groups exist). */
const TARGETED = `SELECT COALESCE(e.merged_into, e.id) AS target, x.* FROM jsonb_to_recordset(deltas) AS x(${DELTA_COLUMNS})
  JOIN error_groups e ON e.project_id = x.p AND e.fingerprint = x.f`;

/**
 * Set-based, five statements per commit whatever the number of groups. Each statement of a plpgsql function
 * sees what the statements before it did, and what concurrent commits committed meanwhile (READ COMMITTED).
 * Locks, always in one order: new groups by (project, fingerprint) (a concurrent insert of the same one
 * waits for the first, then counts there), then root groups by id, then their hours and tags in key order.
 * The transitions are those of `reopens` in error-deltas.ts (SQLite runs that one).
 */
export const APPLY_ERRORS_FUNCTION = `
CREATE FUNCTION devsmith_apply_errors(deltas jsonb, now_ms bigint) RETURNS integer LANGUAGE plpgsql AS $fn$
BEGIN
  -- New fingerprints: a group of their own, or the group of a legacy fingerprint (earlier grouping version).
  INSERT INTO error_groups (project_id, fingerprint, merged_into, title, culprit, type, level, first_seen, last_seen, count)
    SELECT x.p, x.f,
      (SELECT COALESCE(o.merged_into, o.id) FROM jsonb_array_elements_text(x.legacy) WITH ORDINALITY AS l(fp, i)
         JOIN error_groups o ON o.project_id = x.p AND o.fingerprint = l.fp ORDER BY l.i LIMIT 1),
      x.title, x.culprit, x.type, x.level, x.first, x.last, 0
    FROM jsonb_to_recordset(deltas) AS x(${DELTA_COLUMNS})
    WHERE NOT EXISTS (SELECT 1 FROM error_groups e WHERE e.project_id = x.p AND e.fingerprint = x.f)
    ORDER BY x.p, x.f
    ON CONFLICT (project_id, fingerprint) DO NOTHING;
  PERFORM 1 FROM error_groups WHERE id IN (SELECT target FROM (${TARGETED}) t) ORDER BY id FOR UPDATE;
  WITH t AS (${TARGETED}),
  a AS (SELECT target, sum(n) AS n, max(level) AS level, min(first) AS first, max(last) AS last FROM t GROUP BY target),
  c AS (
    SELECT a.*, CASE
      WHEN g.status = 'resolved' THEN 'regressed'
      WHEN g.status = 'resolved_next_release' AND EXISTS (
        SELECT 1 FROM t, jsonb_array_elements_text(t.versions) v
        WHERE t.target = a.target AND (v IS NULL OR v IS DISTINCT FROM g.resolved_release)) THEN 'regressed'
      WHEN g.status = 'ignored' AND ((g.ignore_until IS NOT NULL AND now_ms >= g.ignore_until)
        OR (g.ignore_count IS NOT NULL AND g.count + a.n - COALESCE(g.ignore_base, 0) >= g.ignore_count)) THEN 'reopened'
    END AS change
    FROM a JOIN error_groups g ON g.id = a.target)
  UPDATE error_groups g SET count = g.count + c.n, level = greatest(g.level, c.level),
    first_seen = least(g.first_seen, c.first), last_seen = greatest(g.last_seen, c.last),
    status = CASE WHEN c.change IS NULL THEN g.status ELSE 'unresolved' END,
    regressed_at = CASE WHEN c.change = 'regressed' THEN now_ms ELSE g.regressed_at END,
    ignore_until = CASE WHEN c.change IS NULL THEN g.ignore_until END,
    ignore_count = CASE WHEN c.change IS NULL THEN g.ignore_count END,
    ignore_base = CASE WHEN c.change IS NULL THEN g.ignore_base END
  FROM c WHERE g.id = c.target;
  INSERT INTO error_hours (group_id, hour, n)
    SELECT t.target, (h->>0)::bigint, sum((h->>1)::bigint) FROM (${TARGETED}) t, jsonb_array_elements(t.hours) h
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (group_id, hour) DO UPDATE SET n = error_hours.n + excluded.n;
  INSERT INTO error_tags (group_id, tag, value, n, first_seen, last_seen)
    SELECT t.target, tg->>0, tg->>1, sum((tg->>2)::bigint), min((tg->>3)::bigint), max((tg->>4)::bigint)
    FROM (${TARGETED}) t, jsonb_array_elements(t.tags) tg
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (group_id, tag, value) DO UPDATE SET n = error_tags.n + excluded.n,
      first_seen = least(error_tags.first_seen, excluded.first_seen), last_seen = greatest(error_tags.last_seen, excluded.last_seen);
  RETURN 0;
END
$fn$;`;

/** The deltas as the function's jsonb argument (null characters cannot reach jsonb: ingest removed them). */
export function deltasJson(deltas: ErrorDelta[]): string {
  return JSON.stringify(
    deltas.map((d) => ({
      p: d.projectId, f: d.fingerprint, legacy: d.legacy, title: d.title, culprit: d.culprit, type: d.type, level: d.level,
      n: d.n, first: d.first, last: d.last, versions: d.versions, hours: d.hours, tags: d.tags,
    })),
  );
}
