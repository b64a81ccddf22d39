/**
 * The embedded SQLite store. Reads run on the calling thread through their own connection (WAL lets them
 * proceed while the writer commits); log writes go to a worker thread that owns the write connection.
 */
import { Worker } from 'node:worker_threads';
import type { LogRow, Store, WriteBatch, WriteResult } from '../types.js';
import type { NewPlan, PlanPatch, SamplingRates, UsageDelta } from '../quota-types.js';
import * as quotas from './quotas.js';
import { StoreUnavailableError } from '../types.js';
import { closeConnection, migrate, openConnection, type SqliteOptions } from './connection.js';
import { startCheckpointer, walCells } from './checkpointer.js';
import { encodeGroup, PART_ROWS, ROW_WIDTH, type EncodedGroup, type GroupParts } from './encoding.js';
import { mapErrorsOf } from './errors.js';
import { SqliteAlerts } from './alerts-store.js';
import type { WriterData, WriterRequest, WriterResponse } from './writer-worker.js';
import { retentionPreview, storedDays } from './retention.js';
import { measureLogObjects, storedLogsByProject } from './storage.js';
import { MeasureCache, storageReport } from '../storage-share.js';
import * as archives from './archives.js';
import type { ArchiveRecord, ArchiveStatus, RestoredLog } from '../archive-types.js';
import type { PerfQuery } from '../perf-types.js';
import { perfRows } from './perf-read.js';
import * as insight from './insight-patterns.js';
import type { PatternDelta, PatternHour, PatternProgress } from '../insight-types.js';
import * as insightAnswers from './insight-answers.js';
import type { NewInsightAnswer } from '../insight-answer-types.js';
import { assetPath } from '../../package-paths.js';

export type { SqliteOptions };

/** A request to the writer before its sequence number is given (distributes over the union). */
type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never;
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/**
 * Starts the writer worker. Once built it is plain `.js`; under tsx (tests, dev) the worker registers tsx
 * itself first, since Node 20 does not apply `--import` loader hooks to a worker's entry module.
 */
function startWriter(workerData: WriterData): Worker {
  // Built, this module is inlined in the server bundle: the worker is its own entry at dist/store/sqlite/.
  if (!import.meta.url.endsWith('.ts')) return new Worker(assetPath('store/sqlite/writer-worker.js'), { workerData });
  const tsEntry = new URL('./writer-worker.ts', import.meta.url).href;
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(tsEntry)}); })`;
  return new Worker(code, { eval: true, workerData });
}

export class SqliteStore extends SqliteAlerts implements Store {
  readonly kind = 'sqlite' as const;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;

  private worker: Worker;
  /** Set when the writer thread died (an error outside a commit, e.g. SQLITE_FULL while it starts). */
  private writerDown: { error: StoreUnavailableError; at: number } | null = null;

  constructor(
    db: ReturnType<typeof openConnection>,
    private readonly startWorker: () => Worker,
    private readonly checkpointer: { stop(): Promise<void> },
  ) {
    super(db);
    this.worker = this.attach(startWorker());
  }

  private attach(worker: Worker): Worker {
    worker.on('message', (m: WriterResponse) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      if (m.ok) p.resolve(m.results);
      else p.reject(m.busy ? new StoreUnavailableError(m.error) : new Error(m.error));
    });
    worker.on('error', (err) => this.writerStopped(new StoreUnavailableError(`sqlite writer failed: ${err.message ?? (err as { code?: string }).code}`, err)));
    worker.on('exit', (code) => this.writerStopped(new StoreUnavailableError(`sqlite writer stopped (exit code ${code})`)));
    return worker;
  }

  /**
   * What was sent is refused (503, retried by clients) and later writes are not left waiting on a dead
   * thread: the next one starts a new writer, at most once a second.
   */
  private writerStopped(error: StoreUnavailableError): void {
    this.failAll(error);
    if (!this.closed && !this.writerDown) {
      this.writerDown = { error, at: Date.now() };
      process.stderr.write(`sqlite store: ${error.message}; a new writer starts with the next write\n`);
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private send(msg: WithoutSeq<WriterRequest>): Promise<unknown> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('store is closed'));
    if (this.writerDown) {
      if (msg.type === 'close' || Date.now() - this.writerDown.at < 1000) return Promise.reject(this.writerDown.error);
      this.writerDown = null;
      this.worker = this.attach(this.startWorker());
    }
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage({ ...msg, seq });
    });
  }

  async migrate(): Promise<void> {
    migrate(this.db);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async commitBatches(batches: WriteBatch[]): Promise<WriteResult[]> {
    const group = encodeGroup(batches);
    const parts = await this.sendAhead(group);
    return (await this.send({ type: 'commit', group, parts })) as WriteResult[];
  }

  private partKey = 0;

  /**
   * A group of more than PART_ROWS rows crosses to the writer in parts, a turn of the event loop apart: the
   * structured clone of a message runs on the main thread, and 10,000 rows of 1 KiB in one message held every
   * other request for 20-40 ms (issue 9's flood, where /healthz must answer within 100 ms). The commit message
   * carries the last rows and names the parts; `group.values` is left holding only those.
   */
  private async sendAhead(group: EncodedGroup): Promise<GroupParts | null> {
    const size = PART_ROWS * ROW_WIDTH;
    if (group.values.length <= size) return null;
    const key = ++this.partKey;
    let count = 0;
    let from = 0;
    for (; group.values.length - from > size; from += size, count++) {
      this.worker.postMessage({ type: 'part', key, values: group.values.slice(from, from + size) } satisfies WriterRequest);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    group.values = group.values.slice(from);
    return { key, count };
  }

  async insertLogs(rows: LogRow[]): Promise<void> {
    await this.commitBatches([{ rows }]);
  }

  // Stored AI answers (insight-answer-types.ts): a small table on the reading connection, like saved views.
  async createInsightAnswer(answer: NewInsightAnswer) {
    return insightAnswers.createInsightAnswer(this.db, answer);
  }

  async getInsightAnswer(id: string) {
    return insightAnswers.getInsightAnswer(this.db, id);
  }

  async listInsightAnswers(projectIds: number[], limit: number) {
    return insightAnswers.listInsightAnswers(this.db, projectIds, limit);
  }

  // Retention (retention-types.ts): deletes go through the writer, between commits.
  async storedDays(beforeDay: number) {
    return storedDays(this.db, beforeDay);
  }

  async deleteProjectDay(projectId: number, day: number, chunkRows: number): Promise<number> {
    return (await this.send({ type: 'deleteDay', projectId, day, chunkRows })) as number;
  }

  async dropDay(): Promise<boolean> {
    return false; // rows of several projects share pages and indexes: there is no day to drop as a whole
  }

  async reclaimSpace(): Promise<void> {
    await this.send({ type: 'vacuum' });
  }

  async withRetentionLock<T>(fn: () => Promise<T>): Promise<T | null> {
    return fn(); // one instance per database file; the job itself is single-flight
  }

  async retentionPreview(projectId: number, beforeDay: number) {
    // Bytes per log from the storage measure (the log objects only, as on the Projects page), cached like it.
    const { totalBytes, totalLogs } = await this.projectStorage([], 60_000);
    return retentionPreview(this.db, projectId, beforeDay, totalLogs > 0 ? totalBytes / totalLogs : 0);
  }

  // Storage per project (storage-types.ts): the measure walks the non-log b-trees, so it is cached.
  private readonly storageMeasure = new MeasureCache(async () => measureLogObjects(this.db));

  async projectStorage(projectIds: number[], maxAgeMs: number) {
    return storageReport(this.storageMeasure, maxAgeMs, projectIds, async (ids) => storedLogsByProject(this.db, ids));
  }

  async listPlans() {
    return quotas.listPlans(this.db);
  }

  async getPlan(id: number) {
    return quotas.getPlan(this.db, id);
  }

  async createPlan(plan: NewPlan) {
    return quotas.createPlan(this.db, plan);
  }

  async updatePlan(id: number, patch: PlanPatch) {
    return quotas.updatePlan(this.db, id, patch);
  }

  async listProjectQuotaSettings(projectIds: number[] | null) {
    return quotas.listProjectQuotaSettings(this.db, projectIds);
  }

  async setProjectQuotaSettings(projectId: number, patch: { planId?: number | null; sampling?: SamplingRates | null }) {
    return quotas.setProjectQuotaSettings(this.db, projectId, patch);
  }

  async usage(projectId: number, fromDay: number, toDay: number) {
    return quotas.usage(this.db, projectId, fromDay, toDay);
  }

  async acceptedOn(projectId: number, day: number) {
    return quotas.acceptedOn(this.db, projectId, day);
  }

  /** Through the writer thread, like every write of the log path (one writer: no busy waits). */
  async addUsage(deltas: UsageDelta[]): Promise<void> {
    if (deltas.length) await this.commitBatches([{ rows: [], usage: deltas }]);
  }

  // Archives (archive-types.ts): records, and restores written here, not by the worker (old ids, FTS rows).
  async saveArchive(record: ArchiveRecord) {
    archives.saveArchive(this.db, record);
  }

  async getArchive(projectId: number, day: string) {
    return archives.getArchive(this.db, projectId, day);
  }

  async listArchives(projectId: number) {
    return archives.listArchives(this.db, projectId);
  }

  async archivesInState(states: ArchiveStatus[]) {
    return archives.archivesInState(this.db, states);
  }

  async restoreLogs(logs: RestoredLog[]) {
    return archives.restoreLogs(this.db, logs);
  }

  async perfRows(q: PerfQuery) {
    return perfRows(this.db, q);
  }

  // Project patterns (src/store/insight-types.ts)
  async patternSourceAfter(afterId: string, receivedBy: number, limit: number, every?: number) {
    return insight.patternSourceAfter(this.db, afterId, receivedBy, limit, every);
  }

  async patternProgress() {
    return insight.patternProgress(this.db);
  }

  /** Through the writer thread, between commits: on this connection the save took the write lock from them. */
  async savePatternBatch(expected: string, next: PatternProgress, deltas: PatternDelta[], hours: PatternHour[]) {
    return (await this.send({ type: 'savePatterns', expected, next, deltas, hours })) as boolean;
  }

  async listProjectPatterns(projectId: number, limit: number) {
    return insight.listProjectPatterns(this.db, projectId, limit);
  }

  async patternHours(projectId: number, from: number, to: number, clusterIds?: string[]) {
    return insight.patternHours(this.db, projectId, from, to, clusterIds);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.checkpointer.stop();
    await this.send({ type: 'close' }).catch(() => {}); // a writer that died has nothing left to close
    this.closed = true;
    await this.worker.terminate();
    this.closeScanDb();
    closeConnection(this.db);
  }
}

/** Opens (and migrates) the SQLite store at `opts.path`. */
export async function openSqliteStore(opts: SqliteOptions): Promise<SqliteStore> {
  const db = openConnection(opts);
  migrate(db); // before the writer opens: it prepares statements against the schema
  // The few writes made on this connection (accounts, alert runs, restores) must not checkpoint the WAL on
  // the event loop: SQLite's default runs one in any commit past 1,000 WAL pages, and with a WAL filled by
  // the writer a one-row commit here took 287 ms. Checkpoints are checkpointer.ts's (the writer's backstop).
  db.pragma('wal_autocheckpoint = 0');
  // Not waited for (cold start, issue 18): the store attaches its handlers at once, and a writer that fails
  // to start refuses the first writes with 503 and is started again (writerStopped), as after any failure.
  const cells = walCells(); // the checkpointer's requests to the writer (a new one too): wal-requests.ts
  let first: Worker | null = startWriter({ ...opts, walCells: cells });
  const start = () => {
    const w = first ?? startWriter({ ...opts, walCells: cells });
    first = null;
    return w;
  };
  return mapErrorsOf(new SqliteStore(db, start, startCheckpointer({ path: opts.path, walCells: cells, restartFrames: opts.walRestartFrames })));
}
