/**
 * What one commit adds to each error group, aggregated in memory per (project, fingerprint) before either
 * store touches a row: a spike of 900 identical errors costs one group upsert, not 900. Sorted by key so
 * that concurrent commits lock the groups they share in the same order (no deadlock on PostgreSQL).
 */
import { LEVELS, type LogRow } from './types.js';
import type { ErrorTag } from './errors-types.js';

export const HOUR_MS = 3_600_000;

export interface ErrorDelta {
  projectId: number;
  fingerprint: string;
  legacy: string[];
  title: string;
  culprit: string;
  type: string | null;
  level: number;
  n: number;
  first: number;
  last: number;
  /** Distinct versions of the events (null included): decides whether a resolved_next_release group regressed. */
  versions: Array<string | null>;
  /** [hour, count] */
  hours: Array<[number, number]>;
  /** [tag, value, count, first, last] */
  tags: Array<[ErrorTag, string, number, number, number]>;
}

/** Counts one tag value; a delta holds few values per tag, so a scan beats a keyed map here. */
function addTag(d: ErrorDelta, tag: ErrorTag, value: string | null, ts: number): void {
  if (value === null) return;
  const tags = d.tags;
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i]!;
    if (t[0] === tag && t[1] === value) {
      t[2]++;
      if (ts < t[3]) t[3] = ts;
      else if (ts > t[4]) t[4] = ts;
      return;
    }
  }
  tags.push([tag, value, 1, ts, ts]);
}

const byKey = (a: ErrorDelta, b: ErrorDelta) =>
  a.projectId - b.projectId || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);

/**
 * The deltas of the grouped rows, sorted by (project, fingerprint); [] when no row is grouped. This runs on
 * ingest's hot path for every row: small arrays scanned in place, no per-row key strings.
 */
export function errorDeltas(rows: readonly LogRow[]): ErrorDelta[] {
  let byFingerprint: Map<string, ErrorDelta> | null = null;
  const out: ErrorDelta[] = [];
  for (const r of rows) {
    const g = r.group;
    if (!g) continue;
    byFingerprint ??= new Map();
    let d = byFingerprint.get(g.fingerprint);
    // The same fingerprint in two projects of one commit (rare): the second project's delta is keyed apart.
    if (d && d.projectId !== r.projectId) d = byFingerprint.get(`${r.projectId}:${g.fingerprint}`);
    const level = LEVELS.indexOf(r.level);
    if (!d) {
      d = {
        projectId: r.projectId, fingerprint: g.fingerprint, legacy: g.legacy, title: g.title, culprit: g.culprit, type: g.type,
        level, n: 0, first: r.ts, last: r.ts, versions: [], hours: [], tags: [],
      };
      const own = byFingerprint.get(g.fingerprint);
      byFingerprint.set(own ? `${r.projectId}:${g.fingerprint}` : g.fingerprint, d);
      out.push(d);
    }
    d.n++;
    if (level > d.level) d.level = level;
    if (r.ts < d.first) d.first = r.ts;
    else if (r.ts > d.last) d.last = r.ts;
    if (!d.versions.includes(r.version)) d.versions.push(r.version);
    const hour = Math.floor(r.ts / HOUR_MS);
    const h = d.hours.find((x) => x[0] === hour);
    if (h) h[1]++;
    else d.hours.push([hour, 1]);
    addTag(d, 'service', r.service, r.ts);
    addTag(d, 'host', r.host, r.ts);
    addTag(d, 'version', r.version, r.ts);
    addTag(d, 'environment', r.environment, r.ts);
  }
  return out.length > 1 ? out.sort(byKey) : out;
}

/** Folds deltas of several batches (those that committed) into one sorted list. */
export function mergeDeltas(lists: ErrorDelta[][]): ErrorDelta[] {
  const nonEmpty = lists.filter((l) => l.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const out = new Map<string, ErrorDelta>();
  for (const d of nonEmpty.flat()) {
    const key = `${d.projectId}\u0000${d.fingerprint}`;
    const a = out.get(key);
    if (!a) {
      out.set(key, { ...d, versions: [...d.versions], hours: d.hours.map((h) => [...h]), tags: d.tags.map((t) => [...t]) });
      continue;
    }
    a.n += d.n;
    a.level = Math.max(a.level, d.level);
    a.first = Math.min(a.first, d.first);
    a.last = Math.max(a.last, d.last);
    for (const v of d.versions) if (!a.versions.includes(v)) a.versions.push(v);
    for (const [h, n] of d.hours) {
      const e = a.hours.find((x) => x[0] === h);
      if (e) e[1] += n;
      else a.hours.push([h, n]);
    }
    for (const t of d.tags) {
      const e = a.tags.find((x) => x[0] === t[0] && x[1] === t[1]);
      if (!e) a.tags.push([...t]);
      else {
        e[2] += t[2];
        e[3] = Math.min(e[3], t[3]);
        e[4] = Math.max(e[4], t[4]);
      }
    }
  }
  return [...out.values()].sort(byKey);
}

/**
 * The status a root group takes when `d` arrives: the transitions (regression, next release, ignore
 * expiry). The same rules are in PostgreSQL's devsmith_apply_error_delta (postgres/errors-write.ts).
 */
export function reopens(
  g: { status: string; resolvedRelease: string | null; ignoreUntil: number | null; ignoreCount: number | null; ignoreBase: number | null; count: number },
  d: Pick<ErrorDelta, 'n' | 'versions'>,
  now: number,
): 'regressed' | 'reopened' | null {
  if (g.status === 'resolved') return 'regressed';
  if (g.status === 'resolved_next_release') return d.versions.some((v) => v === null || v !== g.resolvedRelease) ? 'regressed' : null;
  if (g.status !== 'ignored') return null;
  if (g.ignoreUntil !== null && now >= g.ignoreUntil) return 'reopened';
  if (g.ignoreCount !== null && g.count + d.n - (g.ignoreBase ?? 0) >= g.ignoreCount) return 'reopened';
  return null;
}
