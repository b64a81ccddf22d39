/**
 * The explorer's aggregate reads: facet counts (levels, services, top values of one field) of the logs a
 * query matches, the services of several projects, and the context paths seen recently (autocomplete).
 * Filters come from LogQueries.filterFor, so they follow exactly what the list shows.
 */
import type { Projects } from '../projects/projects.js';
import { AppError } from '../errors.js';
import type { FacetColumn, FacetField, JsonType } from '../store/explore-types.js';
import { LEVELS, type Level, type Store, type User } from '../store/types.js';
import type { LogQueries } from './logs.js';
import { FIELD_RE, type QueryString } from './params.js';

/** Top values are counted over at most this many of the newest matching logs (bounded at 10 M logs). */
export const FACET_SAMPLE = 100_000;
/** Context paths are collected from this many of the newest matching logs, this many keys deep. */
export const FIELDS_SAMPLE = 10_000;
export const FIELDS_DEPTH = 4;
/** (path, type) pairs read from the store before merging by path. */
const FIELD_PAIRS = 5_000;

/** Field names of the query language that map to columns (docs/search.md spells them so). */
const COLUMNS: Record<string, FacetColumn> = { host: 'host', env: 'environment', version: 'version', trace_id: 'trace_id', span_id: 'span_id' };
/** One key of a context path the query language can name. */
const SEGMENT_RE = /^[A-Za-z0-9_\-@$]+$/;

/** `host`, `env`, ..., or `ctx.a.b`; anything else is a 400 naming what is allowed. */
export function parseFacetField(name: string): FacetField {
  if (Object.hasOwn(COLUMNS, name)) return { column: COLUMNS[name]! };
  if (name.startsWith('ctx.') && name.length <= 300 && FIELD_RE.test(name.slice(4))) return { context: name.slice(4) };
  throw new AppError(
    'VALIDATION_FAILED',
    `field "${name.slice(0, 100)}" cannot be counted: use host, env, version, trace_id, span_id or ctx.<path> (keys of letters, digits, _ - @ $ joined by dots); levels and services are always counted`,
  );
}

export interface FacetsResult {
  total: number;
  levels: Record<Level, number>;
  services: Array<{ service: string; projectId: number; projectSlug: string; count: number }>;
  field: null | { name: string; values: Array<{ value: string; count: number }>; missing: number; other: number; scanned: number; sampled: boolean };
}

export interface FieldSummary {
  path: string;
  count: number;
  types: Partial<Record<JsonType, number>>;
}

export class ExploreQueries {
  constructor(private readonly store: Store, private readonly queries: LogQueries, private readonly projects: Projects) {}

  async facets(user: User, qs: QueryString, fieldName: string | undefined, limit: number): Promise<FacetsResult> {
    const field = fieldName === undefined || fieldName === '' ? null : parseFacetField(fieldName);
    const filter = await this.queries.filterFor(user, qs);
    const levels = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
    const result: FacetsResult = { total: 0, levels, services: [], field: null };
    if (field) result.field = { name: fieldName!, values: [], missing: 0, other: 0, scanned: 0, sampled: false };
    if (!filter) return result;
    const [counts, top] = await Promise.all([
      this.store.facetCounts(filter),
      field ? this.store.topValues(filter, field, limit, FACET_SAMPLE) : null,
    ]);
    const services = new Map<string, { service: string; projectId: number; count: number }>();
    for (const c of counts) {
      result.total += c.count;
      levels[c.level] += c.count;
      const key = `${c.projectId}\u0000${c.service}`;
      const s = services.get(key) ?? services.set(key, { service: c.service, projectId: c.projectId, count: 0 }).get(key)!;
      s.count += c.count;
    }
    const slugs = await this.slugs([...new Set([...services.values()].map((s) => s.projectId))]);
    result.services = [...services.values()]
      .sort((a, b) => b.count - a.count || byBytes(a.service, b.service) || a.projectId - b.projectId)
      .map((s) => ({ ...s, projectSlug: slugs.get(s.projectId) ?? '' }));
    // The sample hit its bound: more logs match than were looked at, so the counts describe the newest only.
    if (top && result.field) result.field = { ...result.field, ...top, sampled: top.scanned >= FACET_SAMPLE };
    return result;
  }

  /** Services of the named projects (default: every readable one), each with its project. */
  async services(user: User, qs: QueryString) {
    const ids = await this.queries.readableFor(user, { project: qs.project });
    const [list, slugs] = await Promise.all([this.store.services(ids), this.slugs(ids)]);
    return list.map((s) => ({ ...s, projectSlug: slugs.get(s.projectId) ?? '' }));
  }

  /** Context paths of the newest matching logs, most frequent first, as `ctx.a.b`. */
  async fields(user: User, qs: QueryString, limit: number): Promise<{ data: FieldSummary[]; scanned: number }> {
    const filter = await this.queries.filterFor(user, qs);
    if (!filter) return { data: [], scanned: 0 };
    const { fields, scanned } = await this.store.contextFields(filter, FIELDS_SAMPLE, FIELDS_DEPTH, FIELD_PAIRS);
    const byPath = new Map<string, FieldSummary>();
    for (const f of fields) {
      if (!f.path.every((k) => typeof k === 'string' && SEGMENT_RE.test(k))) continue; // the language cannot name it
      const path = `ctx.${f.path.join('.')}`;
      const summary = byPath.get(path) ?? byPath.set(path, { path, count: 0, types: {} }).get(path)!;
      summary.count += f.count;
      summary.types[f.type] = (summary.types[f.type] ?? 0) + f.count;
    }
    const data = [...byPath.values()].sort((a, b) => b.count - a.count || byBytes(a.path, b.path)).slice(0, limit);
    return { data, scanned };
  }

  private async slugs(ids: number[]): Promise<Map<number, string>> {
    const projects = await Promise.all(ids.map((id) => this.store.getProject(id)));
    return new Map(projects.filter((p) => p !== null).map((p) => [p.id, p.slug]));
  }
}

/** Byte order for ASCII and the BMP, like the stores' BINARY / "C" collations. */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
