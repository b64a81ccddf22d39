/**
 * Store types for error tracking (issue 12): one raw group per (project, fingerprint), written with the logs
 * at ingest; a merged group's events count towards its root. Reads only ever show root groups. Part of the
 * Store interface (types.ts), implemented by both backends and checked by contract/errors*.ts.
 */
import type { Level, LogCursor, LogPage } from './types.js';

export type ErrorStatus = 'unresolved' | 'resolved' | 'resolved_next_release' | 'ignored';
export const ERROR_STATUSES: readonly ErrorStatus[] = ['unresolved', 'resolved', 'resolved_next_release', 'ignored'];

export type ErrorSort = 'last_seen' | 'count' | 'first_seen' | 'trend';

/** The tags counted per group, with first and last seen per value. */
export type ErrorTag = 'service' | 'host' | 'version' | 'environment';
export const ERROR_TAGS: readonly ErrorTag[] = ['service', 'host', 'version', 'environment'];

export interface ErrorGroup {
  id: string;
  projectId: number;
  fingerprint: string;
  title: string;
  culprit: string;
  type: string | null;
  /** The highest level seen. */
  level: Level;
  /**
   * As stored, except that an `ignored` group whose `ignoreUntil` has passed reads as `unresolved` (the time
   * passing is a transition nobody writes).
   */
  status: ErrorStatus;
  regressedAt: number | null;
  resolvedAt: number | null;
  /** The release (latest version seen) when it was resolved in the next release. */
  resolvedRelease: string | null;
  firstSeen: number;
  lastSeen: number;
  /** Events of the group and of every group merged into it. */
  count: number;
  ignoreUntil: number | null;
  /** Events to wait for (counted from when it was ignored) before the group reopens. */
  ignoreCount: number | null;
  assigneeId: number | null;
  note: string;
}

export interface ErrorGroupSummary extends ErrorGroup {
  services: string[];
  environments: string[];
  hostsAffected: number;
  firstRelease: string | null;
  lastRelease: string | null;
  /** Counts per hour (hour = epoch ms / 3 600 000) for the 48 hours before `now`, hours with none left out. */
  hourly: Array<{ hour: number; count: number }>;
}

export interface TagCount {
  value: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

export interface ErrorListQuery {
  projectIds: number[];
  /** One status or any of several; `all` for every status. */
  status: ErrorStatus | readonly ErrorStatus[] | 'all';
  /** Case-insensitive substring of the title or culprit. */
  text?: string;
  sort: ErrorSort;
  /** Only groups first seen at or after this time ("new"). */
  firstSeenFrom?: number;
  /** Groups with an event in [from, to): last_seen >= from, first_seen < to. */
  from?: number;
  to?: number;
  limit: number;
  offset: number;
  /** The clock for ignore expiry, sparklines and trend. */
  now: number;
}

export interface ErrorGroupPatch {
  status?: ErrorStatus;
  assigneeId?: number | null;
  note?: string;
  ignoreUntil?: number | null;
  ignoreCount?: number | null;
}

export interface ErrorStore {
  /** Root groups of the projects, filtered and sorted (ties by id, newest first). */
  listErrorGroups(q: ErrorListQuery): Promise<ErrorGroupSummary[]>;
  /** A root group; null when unknown or merged into another. */
  getErrorGroup(id: string, now: number): Promise<ErrorGroupSummary | null>;
  errorGroupTags(id: string): Promise<Record<ErrorTag, TagCount[]>>;
  /** The fingerprints whose events belong to the root group (its own first). */
  errorGroupFingerprints(id: string): Promise<string[]>;
  /** The group's events newest first (by ts, id), from its project's logs by fingerprint. */
  errorGroupEvents(id: string, limit: number, cursor?: LogCursor): Promise<LogPage>;
  /** The group's oldest stored event. */
  errorGroupFirstEvent(id: string): Promise<LogPage['data'][number] | null>;
  /** Applies the patch to the root groups of the given ids within the projects; returns how many changed. */
  updateErrorGroups(ids: string[], projectIds: number[], patch: ErrorGroupPatch, now: number): Promise<number>;
  /**
   * Folds the sources (roots of the target's project) into the target: their fingerprints, counts, hours and
   * tags now belong to it. Returns false when the target is not a root group.
   */
  mergeErrorGroups(targetId: string, sourceIds: string[]): Promise<boolean>;
}
