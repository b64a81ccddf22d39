/**
 * Error group writes on PostgreSQL, inside the one INSERT statement that stores the rows (logs-write.ts):
 * the statement calls devsmith_apply_errors with the commit's deltas (aggregated per (project, fingerprint)
 * in memory, sorted), so the rows and their groups commit together, or not at all. The function takes
 * each group's row lock in the deltas' order: concurrent commits sharing groups wait, never deadlock.
 */
import type { ErrorDelta } from '../error-deltas.js';

/**
 * The transitions are those of `reopens` in error-deltas.ts (SQLite runs that one): a resolved group
 * regresses, a resolved_next_release one regresses on another (or no) version, an ignored one reopens when
 * its time has passed or its event count is reached.
 */
export const APPLY_ERRORS_FUNCTION = `
CREATE FUNCTION devsmith_apply_errors(deltas jsonb, now_ms bigint) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  d jsonb;
  p integer;
  n bigint;
  raw_id bigint;
  root bigint;
  target bigint;
  legacy_fp text;
  g record;
  change text;
  fresh boolean;
BEGIN
  FOR d IN SELECT value FROM jsonb_array_elements(deltas) LOOP
    p := (d->>'p')::integer;
    n := (d->>'n')::bigint;
    fresh := false;
    SELECT COALESCE(merged_into, id) INTO target FROM error_groups WHERE project_id = p AND fingerprint = d->>'f';
    IF target IS NULL THEN
      root := NULL;
      FOR legacy_fp IN SELECT jsonb_array_elements_text(d->'legacy') LOOP
        SELECT COALESCE(merged_into, id) INTO root FROM error_groups WHERE project_id = p AND fingerprint = legacy_fp;
        EXIT WHEN root IS NOT NULL;
      END LOOP;
      raw_id := NULL;
      INSERT INTO error_groups (project_id, fingerprint, merged_into, title, culprit, type, level, first_seen, last_seen, count)
        VALUES (p, d->>'f', root, d->>'title', d->>'culprit', d->>'type', (d->>'level')::smallint, (d->>'first')::bigint,
                (d->>'last')::bigint, CASE WHEN root IS NULL THEN n ELSE 0 END)
        ON CONFLICT (project_id, fingerprint) DO NOTHING
        RETURNING id INTO raw_id;
      IF raw_id IS NOT NULL AND root IS NULL THEN
        target := raw_id; -- a new root: its counts are in place
        fresh := true;
      ELSIF raw_id IS NOT NULL THEN
        target := root;
      ELSE
        -- A concurrent commit created it first (we waited for it): count there.
        SELECT COALESCE(merged_into, id) INTO target FROM error_groups WHERE project_id = p AND fingerprint = d->>'f';
      END IF;
    END IF;
    IF NOT fresh THEN
      SELECT status, count, resolved_release, ignore_until, ignore_count, ignore_base INTO g FROM error_groups WHERE id = target FOR UPDATE;
      change := CASE
        WHEN g.status = 'resolved' THEN 'regressed'
        WHEN g.status = 'resolved_next_release' AND EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(d->'versions') v WHERE v IS NULL OR v IS DISTINCT FROM g.resolved_release) THEN 'regressed'
        WHEN g.status = 'ignored' AND ((g.ignore_until IS NOT NULL AND now_ms >= g.ignore_until)
          OR (g.ignore_count IS NOT NULL AND g.count + n - COALESCE(g.ignore_base, 0) >= g.ignore_count)) THEN 'reopened'
      END;
      UPDATE error_groups SET count = count + n, level = greatest(level, (d->>'level')::smallint),
        first_seen = least(first_seen, (d->>'first')::bigint), last_seen = greatest(last_seen, (d->>'last')::bigint),
        status = CASE WHEN change IS NULL THEN status ELSE 'unresolved' END,
        regressed_at = CASE WHEN change = 'regressed' THEN now_ms ELSE regressed_at END,
        ignore_until = CASE WHEN change IS NULL THEN ignore_until END,
        ignore_count = CASE WHEN change IS NULL THEN ignore_count END,
        ignore_base = CASE WHEN change IS NULL THEN ignore_base END
      WHERE id = target;
    END IF;
    INSERT INTO error_hours (group_id, hour, n)
      SELECT target, (h->>0)::bigint, (h->>1)::bigint FROM jsonb_array_elements(d->'hours') h ORDER BY 2
      ON CONFLICT (group_id, hour) DO UPDATE SET n = error_hours.n + excluded.n;
    INSERT INTO error_tags (group_id, tag, value, n, first_seen, last_seen)
      SELECT target, t->>0, t->>1, (t->>2)::bigint, (t->>3)::bigint, (t->>4)::bigint FROM jsonb_array_elements(d->'tags') t ORDER BY 2, 3
      ON CONFLICT (group_id, tag, value) DO UPDATE SET n = error_tags.n + excluded.n,
        first_seen = least(error_tags.first_seen, excluded.first_seen), last_seen = greatest(error_tags.last_seen, excluded.last_seen);
  END LOOP;
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
