/**
 * The write path: every batch set becomes one statement, an INSERT ... SELECT FROM unnest(...) of the rows
 * with the upsert of their per-minute counts, so a commit costs one round trip however many rows it carries
 * (a single statement is its own transaction). Batches with an idempotency key add a claim first, in an
 * explicit transaction.
 */
import type pg from 'pg';
import { LEVELS, type IdempotencyRecord, type LogRow, type Store, type WriteBatch, type WriteResult } from '../types.js';
import type { Db } from './db.js';
import { MAX_NEW_PARTITIONS_PER_WRITE, type PartitionManager } from './partitions.js';
import { minuteCounts, upsertMinutesSql } from './rollups.js';
import { errorDeltas } from '../error-deltas.js';
import { deltasJson } from './error-groups-write.js';
import { upsertUsageSql, usageParams } from './quotas.js';
import type { UsageDelta } from '../quota-types.js';
import { perfDeltas } from '../perf-deltas.js';
import { perfParams, upsertPerfSql } from './perf.js';

/**
 * The rows and their per-minute counts in one statement. The upsert is a WITH clause the main INSERT does
 * not read, so PostgreSQL runs it after the rows are in: the rollup rows it locks (in sorted order) stay
 * locked only until the commit that ends the statement. With error rows, that upsert first applies their
 * groups (error-groups-write.ts; an InitPlan of its WHERE, so also after the rows are in): a hot group is
 * locked for the end of the statement only, not while thousands of rows are inserted, and every commit
 * locks groups, then minutes, each in sorted order, so two commits never wait on each other in a circle.
 * The daily usage counts (src/quotas) ride along the same way.
 */
const COLUMNS = 'project_id, ts, received_at, level, service, message, context, environment, version, host, trace_id, span_id, fingerprint';
const ROWS = `SELECT * FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::smallint[], $5::text[], $6::text[], $7::jsonb[],
    $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])`;
/** The statement: rows, minute counts, usage; then error groups and performance aggregates when the rows have any. */
function insertSql(grouped: boolean, perfAt: number | null): string {
  const gate = grouped ? ' WHERE (SELECT devsmith_apply_errors($26::jsonb, $27::bigint)) = 0' : '';
  const perf = perfAt === null ? '' : `, perf_m AS (${upsertPerfSql('perf_minutes', perfAt)}), perf_h AS (${upsertPerfSql('perf_hours', perfAt + 1)})`;
  return `WITH minutes AS (${upsertMinutesSql(14, gate)}), usage AS (${upsertUsageSql(20)})${perf}
  INSERT INTO logs (${COLUMNS}) ${ROWS}`;
}
const STATEMENTS = new Map<string, string>();
function statementFor(grouped: boolean, perfAt: number | null): string {
  const key = `${grouped}:${perfAt}`;
  let sql = STATEMENTS.get(key);
  if (!sql) STATEMENTS.set(key, (sql = insertSql(grouped, perfAt)));
  return sql;
}

/** The statement and parameters storing the rows: one array per column, the per-minute counts, the usage counts, the groups, the perf aggregates. */
function insertStatement(rows: LogRow[], usage: UsageDelta[]): [string, unknown[]] {
  const cols: unknown[][] = Array.from({ length: 13 }, () => new Array(rows.length));
  rows.forEach((r, i) => {
    cols[0][i] = r.projectId;
    cols[1][i] = r.ts;
    cols[2][i] = r.receivedAt;
    cols[3][i] = LEVELS.indexOf(r.level);
    cols[4][i] = r.service;
    cols[5][i] = r.message;
    cols[6][i] = r.context;
    cols[7][i] = r.environment;
    cols[8][i] = r.version;
    cols[9][i] = r.host;
    cols[10][i] = r.traceId;
    cols[11][i] = r.spanId;
    cols[12][i] = r.group?.fingerprint ?? null;
  });
  const deltas = errorDeltas(rows);
  const params: unknown[] = [...cols, ...minuteCounts(rows), ...usageParams(usage)];
  if (deltas.length) params.push(deltasJson(deltas), Date.now());
  const perf = perfDeltas(rows);
  const perfAt = perf.length ? params.length + 1 : null;
  if (perf.length) params.push(...perfParams(perf));
  return [statementFor(deltas.length > 0, perfAt), params];
}

type Keyed = { index: number; projectId: number; key: string; record: IdempotencyRecord };

/**
 * Claims every idempotency key of the set in one statement, in (project, key) order so that two
 * transactions claiming overlapping keys lock them in the same order and cannot deadlock. A key
 * already stored (by an earlier commit, a concurrent one that committed first, or an earlier batch
 * of this same set) is not returned: that batch is a duplicate and gets the stored record.
 */
async function claimKeys(c: pg.ClientBase, keyed: Keyed[], now: number): Promise<Map<number, WriteResult>> {
  const results = new Map<number, WriteResult>();
  if (keyed.length === 0) return results;
  const id = (p: number, k: string) => `${p}\u0000${k}`;
  const { rows: claimed } = await c.query(
    `INSERT INTO idempotency (project_id, key, status, body, created_at)
     SELECT p, k, s, b, $5 FROM unnest($1::int[], $2::text[], $3::int[], $4::text[]) AS x(p, k, s, b) ORDER BY p, k
     ON CONFLICT DO NOTHING RETURNING project_id, key`,
    [keyed.map((b) => b.projectId), keyed.map((b) => b.key), keyed.map((b) => b.record.status), keyed.map((b) => b.record.body), now],
  );
  const fresh = new Set(claimed.map((r) => id(r.project_id, r.key)));
  const duplicates: Keyed[] = [];
  for (const b of keyed) {
    // The first batch of the set with a freshly claimed key commits; later ones with that key are duplicates.
    if (fresh.delete(id(b.projectId, b.key))) results.set(b.index, { status: 'committed' });
    else duplicates.push(b);
  }
  if (duplicates.length) {
    const { rows } = await c.query(
      `SELECT i.project_id, i.key, i.status, i.body FROM idempotency i
       JOIN unnest($1::int[], $2::text[]) AS x(p, k) ON i.project_id = x.p AND i.key = x.k`,
      [duplicates.map((b) => b.projectId), duplicates.map((b) => b.key)],
    );
    const stored = new Map(rows.map((r) => [id(r.project_id, r.key), { status: r.status, body: r.body }]));
    for (const b of duplicates) {
      results.set(b.index, { status: 'duplicate', record: stored.get(id(b.projectId, b.key)) ?? b.record });
    }
  }
  return results;
}

/**
 * `committed` hears the UTC days that a transaction wrote rows to, once it has committed (see text-index.ts).
 */
export function writeMethods(
  db: Db,
  partitions: PartitionManager,
  committed: (days: Set<number>) => void = () => {},
): Pick<Store, 'commitBatches' | 'insertLogs'> {
  /**
   * Runs `fn` (one statement or one transaction) after ensuring partitions, at most `maxNewDays` new ones;
   * retries once if a cached partition vanished.
   */
  async function write<T>(rows: LogRow[], maxNewDays: number, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const days = await partitions.ensureFor((function* () { for (const r of rows) yield r.ts; })(), maxNewDays);
      try {
        const result = await fn();
        committed(days);
        return result;
      } catch (err) {
        // 23514: "no partition of relation found for row" after a partition was dropped (retention).
        if ((err as { code?: string }).code !== '23514' || attempt > 0) throw err;
        partitions.forget();
      }
    }
  }

  /** One statement outside a transaction block: it commits before it returns. */
  async function insertOne(rows: LogRow[], usage: UsageDelta[] = []): Promise<void> {
    if (rows.length || usage.length) await db.query(...insertStatement(rows, usage));
  }

  return {
    commitBatches(batches: WriteBatch[]) {
      const allRows = batches.flatMap((b) => b.rows);
      const keyed: Keyed[] = [];
      batches.forEach((b, index) => b.idempotency && keyed.push({ index, ...b.idempotency }));
      if (keyed.length === 0) {
        const usage = batches.flatMap((b) => b.usage ?? []);
        return write(allRows, MAX_NEW_PARTITIONS_PER_WRITE, () => insertOne(allRows, usage).then(() => batches.map(() => ({ status: 'committed' as const }))));
      }
      // Partitions for every row: a superset of what survives the duplicate check.
      return write(allRows, MAX_NEW_PARTITIONS_PER_WRITE, () =>
        db.tx(async (c) => {
          const results = await claimKeys(c, keyed, Date.now());
          const rows: LogRow[] = [];
          const usage: UsageDelta[] = [];
          batches.forEach((b, i) => {
            if (results.get(i)?.status === 'duplicate') return;
            for (const r of b.rows) rows.push(r);
            if (b.usage) usage.push(...b.usage);
          });
          if (rows.length || usage.length) await c.query(...insertStatement(rows, usage));
          return batches.map((_, i) => results.get(i) ?? { status: 'committed' as const });
        }),
      );
    },
    async insertLogs(rows: LogRow[]) {
      await write(rows, Infinity, () => insertOne(rows));
    },
  };
}
