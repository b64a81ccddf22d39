/** Backend-independent pieces of the facet queries: merging grouped counts and reading top-value rows. */
import type { FacetCount, TopValues } from './explore-types.js';
import { LEVELS } from './types.js';

/** Sums (project, service, level) counts from several sources (rollups, edge rows); drops zeros. */
export function mergeGroups(rows: Array<{ project_id: number; service: string; level: number; n: unknown }>): FacetCount[] {
  const acc = new Map<string, FacetCount>();
  for (const r of rows) {
    const key = `${r.project_id}\u0000${r.level}\u0000${r.service}`;
    const a = acc.get(key);
    if (a) a.count += Number(r.n);
    else acc.set(key, { projectId: r.project_id, service: r.service, level: LEVELS[r.level] ?? 'INFO', count: Number(r.n) });
  }
  return [...acc.values()].filter((c) => c.count > 0);
}

/**
 * Top-value rows as both stores return them: `k` 0 for a value, 1 for missing or null, 2 for an object or
 * array; special groups first, then values most frequent first; `total` is the sample size.
 */
export function toTopValues(rows: Array<{ k: unknown; v: string | null; n: unknown; total: unknown }>, limit: number): TopValues {
  const out: TopValues = { values: [], missing: 0, other: 0, scanned: rows.length ? Number(rows[0]!.total) : 0 };
  for (const r of rows) {
    const k = Number(r.k);
    if (k === 1) out.missing = Number(r.n);
    else if (k === 2) out.other = Number(r.n);
    else if (out.values.length < limit) out.values.push({ value: r.v ?? '', count: Number(r.n) });
  }
  return out;
}
