/**
 * The Store interface: everything the platform persists, behind one contract that the SQLite
 * (embedded default) and PostgreSQL (production) backends both implement. Domain modules call it;
 * it never knows about HTTP. The contract suite in `contract.test.ts` runs the same cases on both.
 */
import type { ErrorStore } from './errors-types.js';
import type { ArchiveStore } from './archive-types.js';
import type { ExploreStore } from './explore-types.js';
import type { RetentionStore } from './retention-types.js';
import type { StorageStore } from './storage-types.js';
import type { QuotaStore, UsageDelta } from './quota-types.js';
import type { QueryNode } from '../search/ast.js';
import type { Grouping } from '../grouping/index.js';
import type { PerfFacts } from '../perf/conventions.js';
import type { PerfStore } from './perf-types.js';
import type { InsightPatternStore } from './insight-types.js';
import type { AlertStore } from './alerts-types.js';
import type { InsightAnswerStore } from './insight-answer-types.js';

export type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export const LEVELS: readonly Level[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export type Role = 'admin' | 'member';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number; // epoch ms
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export interface Session {
  userId: number;
  expiresAt: number; // epoch ms
}

export interface UserToken {
  id: number;
  userId: number;
  name: string;
  prefix: string; // display prefix, e.g. "dsu_AbCd"
  createdAt: number;
  lastUsedAt: number | null;
}

export interface Project {
  id: number;
  ownerId: number;
  name: string;
  slug: string;
  description: string;
  repositoryUrl: string | null;
  active: boolean;
  /** Requests per minute allowed for this project's key; null means the server default. */
  rateLimitPerMinute: number | null;
  /** Days of logs kept (src/retention); null means the server default (DEVSMITH_RETENTION_DAYS). */
  retentionDays: number | null;
  /** Apdex threshold T in ms (src/perf); null means the default (500 ms). */
  apdexThresholdMs: number | null;
  /** Logs of this project may be sent to an external (non-loopback) AI provider (src/insights/ai); default false. */
  aiExternalAllowed: boolean;
  keyPrefix: string; // display prefix of the current ingest key, e.g. "dsk_AbCdEfGh"
  createdAt: number;
  updatedAt: number;
}

export interface ProjectStats {
  logCount: number;
  lastLogAt: number | null;
}

export interface NewProject {
  ownerId: number;
  name: string;
  slug: string;
  description: string;
  repositoryUrl: string | null;
  rateLimitPerMinute: number | null;
}

export type ProjectPatch = Partial<
  Pick<Project, 'name' | 'slug' | 'description' | 'repositoryUrl' | 'active' | 'rateLimitPerMinute' | 'retentionDays' | 'apdexThresholdMs' | 'aiExternalAllowed'>
>;

/** A log entry ready to be written: already validated and normalised by `src/ingest`. */
export interface LogRow {
  projectId: number;
  ts: number; // event time, epoch ms
  receivedAt: number; // epoch ms
  level: Level;
  service: string;
  message: string;
  context: string; // JSON object text ("{}" when empty)
  environment: string | null;
  version: string | null;
  host: string | null;
  traceId: string | null;
  spanId: string | null;
  /** The error grouping of a WARN/ERROR/FATAL row (src/grouping), computed at ingest; absent or null otherwise. */
  group?: Grouping | null;
  /** The request or operation timing of the row (src/perf), mapped at ingest; absent or null otherwise. */
  perf?: PerfFacts | null;
}

/** A stored log entry as the query API returns it. */
export interface LogEntry {
  id: string; // decimal string: ids are 64-bit on PostgreSQL
  projectId: number;
  timestamp: string; // ISO 8601
  receivedAt: string; // ISO 8601
  level: Level;
  service: string;
  message: string;
  context: Record<string, unknown>;
  environment: string | null;
  version: string | null;
  host: string | null;
  traceId: string | null;
  spanId: string | null;
  /** The error fingerprint (WARN and above, grouped at ingest); absent when the row has none. */
  fingerprint?: string;
}

export interface LogFilter {
  projectIds: number[]; // always at least one: the caller resolves what the user may see
  services?: string[];
  levels?: Level[];
  from?: number; // epoch ms, inclusive
  to?: number; // epoch ms, exclusive
  /** A parsed `q` (src/search): every clause must hold. Undefined or `all` matches everything. */
  query?: QueryNode;
  /** Context field equality: dotted path -> value compared as text. */
  context?: Record<string, string>;
}

/** Keyset position: newest first by (ts, id). */
export interface LogCursor {
  ts: number;
  id: string;
}

export interface LogQuery extends LogFilter {
  limit: number;
  cursor?: LogCursor;
}

export interface LogPage {
  data: LogEntry[];
  /** Position after the last entry of `data`, or null when there is nothing more. */
  next: LogCursor | null;
}

/**
 * A log as stored, for bulk reads (export): times stay epoch ms and the context stays JSON text, so that a
 * million of them are read without a Date or a JSON parse each.
 */
export interface StoredLog {
  id: string;
  projectId: number;
  ts: number;
  receivedAt: number;
  level: Level;
  service: string;
  message: string;
  /** The context object as compact JSON text (JSON.stringify's form). */
  context: string;
  environment: string | null;
  version: string | null;
  host: string | null;
  traceId: string | null;
  spanId: string | null;
}

export interface StoredLogPage {
  rows: StoredLog[];
  /** Position after the last row, or null when there is nothing more. */
  next: LogCursor | null;
}

export interface HistogramBucket {
  ts: number; // bucket start, epoch ms
  counts: Partial<Record<Level, number>>;
}

/**
 * What `serviceHistograms` reads: projects, services (all when absent) and one or more time ranges [from, to)
 * (overlapping ones count once); no query nor level.
 */
export interface ServiceHistogramFilter {
  projectIds: number[];
  services?: string[];
  ranges: Array<{ from: number; to: number }>;
}

/** One service's histogram: what `histogram` gives with the same filter narrowed to that service. */
export interface ServiceHistogram {
  service: string;
  buckets: HistogramBucket[];
}

export interface ServiceSummary {
  projectId: number;
  service: string;
  count: number;
  lastSeenAt: number | null;
}

export interface WriteBatch {
  rows: LogRow[];
  idempotency?: { projectId: number; key: string; record: IdempotencyRecord };
  /** Daily usage counts written in the same transaction as the rows (not when the batch is a duplicate). */
  usage?: UsageDelta[];
}

export type WriteResult = { status: 'committed' } | { status: 'duplicate'; record: IdempotencyRecord };

/** Stored result of an ingest request, replayed when its Idempotency-Key is seen again. */
export interface IdempotencyRecord {
  status: number;
  body: string;
}

export interface Store
  extends ExploreStore, ErrorStore, QuotaStore, RetentionStore, StorageStore, ArchiveStore, PerfStore, AlertStore, InsightPatternStore, InsightAnswerStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; idempotent. */
  migrate(): Promise<void>;
  /** Throws when the backing store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // users and sessions
  countUsers(): Promise<number>;
  /** Creates the first admin only while no user exists; returns null when a user already exists. */
  createFirstUser(user: NewUser): Promise<User | null>;
  createUser(user: NewUser): Promise<User>; // throws StoreConflictError on duplicate email
  getUserById(id: number): Promise<User | null>;
  getUserByEmail(email: string): Promise<UserWithPassword | null>;
  listUsers(): Promise<User[]>;
  updateUser(id: number, patch: Partial<Pick<User, 'name' | 'role' | 'disabled'>>): Promise<User | null>;
  createSession(idHash: string, session: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | null>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: number): Promise<void>;
  createUserToken(userId: number, name: string, hash: string, prefix: string): Promise<UserToken>;
  /** Returns the token's owner when the hash is known (and touches lastUsedAt). */
  findUserToken(hash: string): Promise<UserToken | null>;
  listUserTokens(userId: number): Promise<UserToken[]>;
  deleteUserToken(userId: number, tokenId: number): Promise<boolean>;

  // projects and ingest keys
  /** Creates the project with its first key; throws StoreConflictError when the slug is taken for the owner. */
  createProject(project: NewProject, keyHash: string, keyPrefix: string): Promise<Project>;
  /** All projects when ownerId is null (admins), else the owner's. */
  listProjects(ownerId: number | null): Promise<Array<Project & ProjectStats>>;
  /** The ids of `listProjects`, without counting anything: what access checks need. */
  listProjectIds(ownerId: number | null): Promise<number[]>;
  getProject(id: number): Promise<Project | null>;
  getProjectBySlug(slug: string, ownerId: number | null): Promise<Project | null>;
  updateProject(id: number, patch: ProjectPatch): Promise<Project | null>; // StoreConflictError on slug clash
  /** Replaces the project's key: the old hash stops matching at once. */
  replaceProjectKey(id: number, keyHash: string, keyPrefix: string): Promise<Project | null>;
  findProjectByKeyHash(keyHash: string): Promise<Project | null>;
  projectStats(id: number): Promise<ProjectStats>;

  // logs
  /**
   * Commits several ingest batches (from concurrent requests: group commit) in one transaction and
   * resolves only once they are durable. A batch with an idempotency key already recorded for its
   * project inserts nothing and yields the recorded response instead.
   */
  commitBatches(batches: WriteBatch[]): Promise<WriteResult[]>;
  /** Bulk path (benchmarks, imports): commits the rows in one transaction. */
  insertLogs(rows: LogRow[]): Promise<void>;
  queryLogs(query: LogQuery): Promise<LogPage>;
  /** The same page as queryLogs (same filter, order and cursor), as stored rows: the export's bulk read. */
  scanLogs(query: LogQuery): Promise<StoredLogPage>;
  countLogs(filter: LogFilter): Promise<number>;
  histogram(filter: LogFilter & { from: number; to: number }, intervalMs: number): Promise<HistogramBucket[]>;
  /**
   * `histogram` of every service at once over the union of the ranges, in one grouped read (the anomaly scan:
   * 100 services, the judged range and the same hours of the last 7 days). Each service's buckets are what
   * `histogram` gives for it over each range, summed by bucket. Services with no log there are absent; by name.
   */
  serviceHistograms(filter: ServiceHistogramFilter, intervalMs: number): Promise<ServiceHistogram[]>;
  /** Services of the projects with counts and last seen, by service (binary order) then project id. */
  services(projectIds: number[]): Promise<ServiceSummary[]>;
  getLog(id: string): Promise<LogEntry | null>;
  /** Entries of the same project and service just before and after the given one, oldest first. */
  logContext(entry: LogEntry, before: number, after: number): Promise<{ before: LogEntry[]; after: LogEntry[] }>;
  /** Entries with id greater than `afterId` matching the filter, oldest first (live tail polling). */
  logsAfter(afterId: string, filter: LogFilter, limit: number): Promise<LogEntry[]>;
  /** Highest log id in the store, or "0". */
  maxLogId(): Promise<string>;

  // idempotency of ingest requests (24 h)
  getIdempotencyRecord(projectId: number, key: string): Promise<IdempotencyRecord | null>;
  /** Deletes idempotency records older than the given time. */
  pruneIdempotency(olderThan: number): Promise<number>;
}

/** Ids of users, tokens and projects are 32-bit on PostgreSQL (integer): a larger one names nothing. */
export const MAX_ROW_ID = 2_147_483_647;
/** Log ids are 64-bit on PostgreSQL (bigint). */
export const MAX_LOG_ID = 9_223_372_036_854_775_807n;

/** True for a decimal string that can be a log id on every store (ids arrive from URLs, cursors, headers). */
export function isLogId(id: string): boolean {
  return /^\d{1,19}$/.test(id) && BigInt(id) <= MAX_LOG_ID;
}

/** Thrown by stores when a unique constraint is violated (duplicate email, slug, ...). */
export class StoreConflictError extends Error {
  constructor(readonly what: string) {
    super(`${what} already exists`);
    this.name = 'StoreConflictError';
  }
}

/** Thrown by stores when the backend cannot be reached or cannot commit right now (maps to 503). */
export class StoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}
