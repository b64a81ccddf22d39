/** Maps error group rows (same column names on both stores) to the Store's types, and adds hours and tags. */
import { LEVELS } from './types.js';
import { ERROR_TAGS, type ErrorGroupPatch, type ErrorGroup, type ErrorGroupSummary, type ErrorStatus, type ErrorTag, type TagCount } from './errors-types.js';

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Group columns read by both stores; `eff` is the status as read (ignore expiry applied in SQL). */
export const GROUP_COLUMNS =
  'g.id, g.project_id, g.fingerprint, g.title, g.culprit, g.type, g.level, g.regressed_at, g.resolved_at, g.resolved_release, ' +
  'g.first_seen, g.last_seen, g.count, g.ignore_until, g.ignore_count, g.ignore_base, g.assignee_id, g.note';

/** The stored status, except an `ignored` one whose time has passed. `$now` is the placeholder of the clock. */
export const effectiveStatus = (now: string) =>
  `(CASE WHEN g.status = 'ignored' AND g.ignore_until IS NOT NULL AND g.ignore_until <= ${now} THEN 'unresolved' ELSE g.status END)`;

/** The statuses a list asks for, or null for every status. */
export const statusFilter = (s: ErrorStatus | readonly ErrorStatus[] | 'all'): readonly ErrorStatus[] | null =>
  s === 'all' ? null : typeof s === 'string' ? [s] : s;

export function toErrorGroup(r: Row): ErrorGroup {
  const ignoreCount = numOrNull(r.ignore_count);
  return {
    id: String(r.id),
    projectId: num(r.project_id),
    fingerprint: String(r.fingerprint),
    title: String(r.title),
    culprit: String(r.culprit),
    type: (r.type as string | null) ?? null,
    level: LEVELS[num(r.level)] ?? 'ERROR',
    status: r.eff as ErrorStatus,
    regressedAt: numOrNull(r.regressed_at),
    resolvedAt: numOrNull(r.resolved_at),
    resolvedRelease: (r.resolved_release as string | null) ?? null,
    firstSeen: num(r.first_seen),
    lastSeen: num(r.last_seen),
    count: num(r.count),
    ignoreUntil: numOrNull(r.ignore_until),
    // Shown as what is left to wait for: the stored count is from when it was ignored.
    ignoreCount: ignoreCount === null ? null : Math.max(0, ignoreCount - (num(r.count) - num(r.ignore_base ?? 0))),
    assigneeId: numOrNull(r.assignee_id),
    note: String(r.note ?? ''),
  };
}

export interface TagRow {
  group_id: unknown;
  tag: string;
  value: string;
  first_seen: unknown;
  last_seen: unknown;
}

/** Adds services, environments, releases, hosts affected and the hourly counts to each group. */
export function summarize(
  groups: ErrorGroup[],
  hours: Array<{ group_id: unknown; hour: unknown; n: unknown }>,
  tags: TagRow[],
  hosts: Array<{ group_id: unknown; n: unknown }>,
): ErrorGroupSummary[] {
  const byId = new Map<string, ErrorGroupSummary>();
  const out = groups.map((g) => {
    const s: ErrorGroupSummary = { ...g, services: [], environments: [], hostsAffected: 0, firstRelease: null, lastRelease: null, hourly: [] };
    byId.set(g.id, s);
    return s;
  });
  for (const h of hours) byId.get(String(h.group_id))?.hourly.push({ hour: num(h.hour), count: num(h.n) });
  const releases = new Map<string, { first: [number, string] | null; last: [number, string] | null }>();
  for (const t of tags) {
    const s = byId.get(String(t.group_id));
    if (!s) continue;
    if (t.tag === 'service') s.services.push(t.value);
    else if (t.tag === 'environment') s.environments.push(t.value);
    else if (t.tag === 'version') {
      const r = releases.get(s.id) ?? { first: null, last: null };
      const first = num(t.first_seen), last = num(t.last_seen);
      if (!r.first || first < r.first[0]) r.first = [first, t.value];
      if (!r.last || last > r.last[0]) r.last = [last, t.value];
      releases.set(s.id, r);
    }
  }
  for (const [id, r] of releases) {
    const s = byId.get(id)!;
    s.firstRelease = r.first?.[1] ?? null;
    s.lastRelease = r.last?.[1] ?? null;
  }
  for (const h of hosts) {
    const s = byId.get(String(h.group_id));
    if (s) s.hostsAffected = num(h.n);
  }
  for (const s of out) {
    s.services.sort();
    s.environments.sort();
    s.hourly.sort((a, b) => a.hour - b.hour);
  }
  return out;
}

/** Tag rows of one group, by tag, most frequent value first. */
export function toTags(rows: Array<{ tag: string; value: string; n: unknown; first_seen: unknown; last_seen: unknown }>): Record<ErrorTag, TagCount[]> {
  const out = Object.fromEntries(ERROR_TAGS.map((t) => [t, [] as TagCount[]])) as Record<ErrorTag, TagCount[]>;
  for (const r of rows) {
    out[r.tag as ErrorTag]?.push({ value: r.value, count: num(r.n), firstSeen: num(r.first_seen), lastSeen: num(r.last_seen) });
  }
  for (const t of ERROR_TAGS) out[t].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return out;
}

/** ORDER BY of the list, newest id first on ties. */
export function sortSql(sort: string): string {
  if (sort === 'count') return 'g.count DESC, g.id DESC';
  if (sort === 'first_seen') return 'g.first_seen DESC, g.id DESC';
  if (sort === 'trend') return 'trend DESC, g.last_seen DESC, g.id DESC';
  return 'g.last_seen DESC, g.id DESC';
}

/**
 * The SET clauses of a status, assignee or note change (both stores; `bind` returns a placeholder). A status
 * set by hand ends the "regressed" badge and any ignore condition; ignoring counts from the current count.
 */
export function patchSets(patch: ErrorGroupPatch, now: number, bind: (v: unknown) => string): string[] {
  const sql: string[] = [];
  const set = (col: string, v: unknown) => sql.push(`${col} = ${bind(v)}`);
  if (patch.status !== undefined) {
    set('status', patch.status);
    const resolved = patch.status === 'resolved' || patch.status === 'resolved_next_release';
    set('resolved_at', resolved ? now : null);
    if (patch.status === 'resolved_next_release') {
      // The release it is fixed after: the version seen last.
      sql.push(`resolved_release = (SELECT t.value FROM error_tags t WHERE t.group_id = error_groups.id AND t.tag = 'version' ORDER BY t.last_seen DESC, t.value DESC LIMIT 1)`);
    } else set('resolved_release', null);
    sql.push('regressed_at = NULL');
    const ignored = patch.status === 'ignored';
    set('ignore_until', ignored ? (patch.ignoreUntil ?? null) : null);
    set('ignore_count', ignored ? (patch.ignoreCount ?? null) : null);
    sql.push(ignored ? 'ignore_base = count' : 'ignore_base = NULL');
  }
  if (patch.assigneeId !== undefined) set('assignee_id', patch.assigneeId);
  if (patch.note !== undefined) set('note', patch.note);
  return sql;
}
