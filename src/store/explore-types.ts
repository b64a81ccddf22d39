/**
 * Store types for the explorer beyond the log list: facet counts, top values of a field, the context paths
 * seen recently, and saved views. Part of the Store interface (types.ts), implemented by both backends and
 * checked by the contract suite (contract/facets.ts, contract/saved-views.ts).
 */
import type { Level, LogFilter } from './types.js';

/** Matching logs per (project, service, level): level and service facets are sums of these. */
export interface FacetCount {
  projectId: number;
  service: string;
  level: Level;
  count: number;
}

/** The columns besides context whose values can be counted. */
export type FacetColumn = 'host' | 'environment' | 'version' | 'trace_id' | 'span_id';

/** A field to count values of: a column, or a context path (dotted, segments validated at the boundary). */
export type FacetField = { column: FacetColumn } | { context: string };

/**
 * Values of one field over the newest `scanned` logs matching a filter. Values are text as context equality
 * compares them (strings by content, numbers as JSON, booleans true/false).
 */
export interface TopValues {
  values: Array<{ value: string; count: number }>;
  /** Logs where the field is absent or null. */
  missing: number;
  /** Logs where the field is an object or an array. */
  other: number;
  scanned: number;
}

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/** How many sampled logs hold a context path with a value of a JSON type. */
export interface ContextFieldCount {
  path: string[];
  type: JsonType;
  count: number;
}

export interface SavedViewQuery {
  q: string;
  project: string[];
  service: string[];
  level: Level[];
  from: string | null;
  to: string | null;
  columns: string[];
}

export interface SavedView {
  id: number;
  userId: number;
  name: string;
  query: SavedViewQuery;
  createdAt: number;
  updatedAt: number;
}

export interface NewSavedView {
  userId: number;
  name: string;
  query: SavedViewQuery;
}

export type SavedViewPatch = Partial<Pick<SavedView, 'name' | 'query'>>;

export interface ExploreStore {
  /** Matching logs per (project, service, level), exact. */
  facetCounts(filter: LogFilter): Promise<FacetCount[]>;
  /** The `limit` most frequent values of `field` among the newest `sampleSize` logs matching the filter. */
  topValues(filter: LogFilter, field: FacetField, limit: number, sampleSize: number): Promise<TopValues>;
  /**
   * Context paths (up to `maxDepth` keys; deeper objects stay `object`; arrays are not descended) of the newest
   * `sampleSize` matching logs, at most `limit` (path, type) pairs, most frequent first.
   */
  contextFields(filter: LogFilter, sampleSize: number, maxDepth: number, limit: number): Promise<{ fields: ContextFieldCount[]; scanned: number }>;

  /** The user's views, by name. */
  listViews(userId: number): Promise<SavedView[]>;
  /** The view when it exists and belongs to the user. */
  getView(userId: number, id: number): Promise<SavedView | null>;
  /** Null when the user already has `maxPerUser` views; StoreConflictError when the name is taken. */
  createView(view: NewSavedView, maxPerUser: number): Promise<SavedView | null>;
  /** Null when no such view of the user; StoreConflictError when the new name is taken. */
  updateView(userId: number, id: number, patch: SavedViewPatch): Promise<SavedView | null>;
  deleteView(userId: number, id: number): Promise<boolean>;
}
