/**
 * The PostgreSQL Store (production backend): a pg Pool, versioned migrations, daily log partitions.
 *
 * @example
 *   const store = await openPostgresStore({ url: 'postgres://user:pw@127.0.0.1:5432/devsmith' });
 *   await store.migrate();
 */
import { insightPatternMethods } from './insight-patterns.js';
import type { Store } from '../types.js';
import { alertDeliveryMethods } from './alert-deliveries.js';
import { alertRuleMethods } from './alerts.js';
import { archiveMethods } from './archives.js';
import { startClosedDayCompactor, type ClosedDayCompactorOptions } from './closed-days.js';
import { createDb } from './db.js';
import { moveAllToBlocks } from './log-blocks.js';
import { errorMethods } from './error-groups.js';
import { facetMethods } from './facets.js';
import { mapError } from './errors.js';
import { queryMethods } from './logs-query.js';
import { writeMethods } from './logs-write.js';
import { runMigrations } from './migrations.js';
import { PartitionManager } from './partitions.js';
import { projectMethods } from './projects.js';
import { retentionMethods } from './retention.js';
import { storageMethods } from './storage.js';
import { quotaMethods } from './quotas.js';
import { perfMethods } from './perf.js';
import { viewMethods } from './saved-views.js';
import { insightAnswerMethods } from './insight-answers.js';
import { startPendingListCleaner } from './text-index.js';
import { userMethods } from './users.js';

export interface PostgresOptions {
  url: string;
  poolSize?: number;
  /**
   * Move each day into compressed blocks once the day is over (closed-days.ts): the server's store does;
   * tests and tools that open a store leave it off unless they test it.
   */
  compactClosedDays?: boolean | ClosedDayCompactorOptions;
  /** Tests: every log moves into blocks (log-blocks.ts) right after its commit, so every read reads blocks. */
  everyLogInBlocks?: boolean;
}

export async function openPostgresStore(opts: PostgresOptions): Promise<Store> {
  const db = createDb(opts.url, opts.poolSize);
  const partitions = new PartitionManager(db);
  const cleaner = startPendingListCleaner(db);
  const compactor = opts.compactClosedDays
    ? startClosedDayCompactor(db, {
        // As the SQLite writer reports its own failures: the pass is tried again at the next one.
        onError: (err) => process.stderr.write(`postgres store: moving a closed day into blocks failed: ${(err as Error).message}; tried again at the next pass (hourly)\n`),
        ...(opts.compactClosedDays === true ? {} : opts.compactClosedDays),
      })
    : null;
  /** With `everyLogInBlocks`, the write methods move what they committed into blocks before they return. */
  function inBlocksAfter<W extends Record<string, (...args: any[]) => Promise<unknown>>>(methods: W): W {
    if (!opts.everyLogInBlocks) return methods;
    const wrapped: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(methods)) {
      wrapped[name] = async (...args: unknown[]) => {
        const result = await fn(...args);
        await db.withClient((c) => moveAllToBlocks(c));
        return result;
      };
    }
    return wrapped as W;
  }
  return {
    kind: 'postgres',
    async migrate() {
      await db.withClient((c) => runMigrations(c).catch((err) => mapError(err)));
    },
    async ping() {
      await db.query('SELECT 1');
    },
    async close() {
      await cleaner.stop();
      await compactor?.stop();
      await db.pool.end();
    },
    ...userMethods(db),
    ...projectMethods(db),
    ...inBlocksAfter(writeMethods(db, partitions, (days) => cleaner.touched(days))),
    ...queryMethods(db),
    ...facetMethods(db),
    ...viewMethods(db),
    ...insightAnswerMethods(db),
    ...retentionMethods(db, partitions),
    ...storageMethods(db),
    ...errorMethods(db),
    ...quotaMethods(db),
    ...perfMethods(db),
    ...insightPatternMethods(db),
    ...alertRuleMethods(db),
    ...alertDeliveryMethods(db),
    ...archiveMethods(db, partitions, (days) => cleaner.touched(days)),
    async getIdempotencyRecord(projectId, key) {
      const { rows } = await db.query('SELECT status, body FROM idempotency WHERE project_id = $1 AND key = $2', [projectId, key]);
      return rows[0] ? { status: rows[0].status, body: rows[0].body } : null;
    },
    async pruneIdempotency(olderThan) {
      const r = await db.query('DELETE FROM idempotency WHERE created_at < $1', [olderThan]);
      return r.rowCount ?? 0;
    },
  };
}
