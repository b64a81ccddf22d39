/** The read side of logs: pages, counts, histogram, services, context and the live-tail poll. */
import { isLogId, type LogEntry, type LogFilter, type LogQuery, type Store } from '../types.js';
import type { Db, Statement } from './db.js';
import { Params, buildWhere } from './filters.js';
import { fullQuery, hasText, liftFieldClauses } from '../query-shape.js';
import { MINUTE, rollupsApply, splitRange, toBuckets } from '../rollup-range.js';
import { newestFirst } from './log-window.js';
import { minutesWhere, partitionDays } from './rollups.js';
import { newestByScan } from './newest-scan.js';
import { serviceHistograms } from './service-histograms.js';
import { ALL_COLUMNS, BLOCK_LOG_COLUMNS, blockQuery, blockRowsFrom, mergeNewest, newestInBlocks, unionPage } from './log-blocks.js';
import { asTextRows, LOG_COLUMNS, textRowToStoredLog, toLogEntry, type TextRow } from './rows.js';

/** Time bounds standing for "no bound" (the range of a JavaScript Date); whole minutes. */
const EARLIEST = -8.64e15;
const LATEST = 8.64e15;

type QueryMethods = Pick<
  Store,
  'queryLogs' | 'scanLogs' | 'countLogs' | 'histogram' | 'serviceHistograms' | 'services' | 'getLog' | 'logContext' | 'logsAfter' | 'maxLogId'
>;

export function queryMethods(db: Db): QueryMethods {
  /**
   * The general plan for a page: the filter's WHERE along the (project_id, ts, id) index, then merged with
   * the newest matching rows of blocks (newestInBlocks).
   */
  async function pageOf<R>(q: LogQuery, key: (r: R) => { ts: number; id: bigint }, shape: (sql: string) => Statement = (sql) => sql): Promise<R[]> {
    const p = new Params();
    const several = q.projectIds.length > 1;
    let where = buildWhere(q, p, several ? 'pid' : undefined);
    if (q.cursor) where += ` AND (ts, id) < (${p.add(q.cursor.ts)}, ${p.add(q.cursor.id)}::bigint)`;
    const limit = p.add(q.limit);
    const page = `SELECT ${LOG_COLUMNS} FROM logs WHERE ${where} ORDER BY ts DESC, id DESC LIMIT ${limit}`;
    // Several projects: `project_id = ANY(...)` would sort every matching row. Instead take the newest
    // `limit` rows of each project from its index, in order, and merge those.
    const sql = several
      ? `SELECT l.* FROM unnest(${p.add(q.projectIds)}::int[]) AS pids(pid) CROSS JOIN LATERAL (${page}) l
         ORDER BY l.ts DESC, l.id DESC LIMIT ${limit}`
      : page;
    const statement = shape(sql);
    const hot = (await (hasText(fullQuery(q)) ? db.queryWithBitmapMemory(statement, p.values) : db.query(statement, p.values))).rows as R[];
    // A full page of rows: only blocks holding a row as new as its last can change it (mostly none: days in
    // blocks are over, and the rows are today's).
    const last = hot.length === q.limit ? hot[hot.length - 1] : undefined;
    const cold = await newestInBlocks<R>(db, q, key, shape, last === undefined ? undefined : key(last).ts);
    return mergeNewest(hot, cold, key, q.limit);
  }
  type ObjectRow = Record<string, any>;
  const objectKey = (r: ObjectRow) => ({ ts: Number(r.ts), id: BigInt(r.id) });
  const textKey = (r: TextRow) => ({ ts: Number(r[2]), id: BigInt(r[0]!) });

  return {
    async queryLogs(query) {
      const q = liftFieldClauses(query);
      const rows = (await newestByScan<ObjectRow>(db, q)) ?? (await newestFirst(db, q, (w) => pageOf(w, objectKey)));
      const data = rows.map(toLogEntry);
      const last = rows[rows.length - 1];
      const next = data.length === q.limit && last ? { ts: Number(last.ts), id: String(last.id) } : null;
      return { data, next };
    },
    async scanLogs(query) {
      const q = liftFieldClauses(query);
      const page = (w: LogQuery): Promise<TextRow[]> => pageOf(w, textKey, asTextRows);
      const rows = (await newestByScan<TextRow>(db, q, asTextRows)) ?? (await newestFirst(db, q, page));
      const stored = rows.map(textRowToStoredLog);
      const last = stored[stored.length - 1];
      return { rows: stored, next: stored.length === q.limit && last ? { ts: last.ts, id: last.id } : null };
    },
    async countLogs(unlifted) {
      const filter = liftFieldClauses(unlifted);
      const raw = async (f: LogFilter) => {
        const p = new Params();
        const cold = blockQuery(f, p);
        const sql = `SELECT (SELECT count(*) FROM logs WHERE ${buildWhere(f, p)}) + (SELECT count(*) FROM ${cold.from} WHERE ${cold.where}) AS n`;
        const { rows } = await (hasText(fullQuery(f)) ? db.queryWithBitmapMemory(sql, p.values) : db.query(sql, p.values));
        return Number(rows[0].n);
      };
      if (!rollupsApply(filter)) return raw(filter);
      // Whole minutes from the per-minute rollups, the partial minutes at the edges from the rows.
      const { middle, edges } = splitRange(filter.from ?? EARLIEST, filter.to ?? LATEST);
      let n = 0;
      if (middle) {
        const p = new Params();
        const where = minutesWhere(filter, p, middle[0], middle[1], await partitionDays(db));
        n += Number((await db.query(`SELECT coalesce(sum(n), 0) AS n FROM log_minutes WHERE ${where}`, p.values)).rows[0].n);
      }
      for (const [from, to] of edges) n += await raw({ ...filter, from, to });
      return n;
    },
    async histogram(unlifted, intervalMs) {
      const filter = liftFieldClauses(unlifted);
      // Floor division (also right for times before 1970): buckets start at multiples of the interval.
      const bucketOf = (expr: string, i: string) => `(${expr} - (((${expr} % ${i}::bigint) + ${i}::bigint) % ${i}::bigint))`;
      const raw = async (f: LogFilter) => {
        const p = new Params();
        const where = buildWhere(f, p);
        const cold = blockQuery(f, p, ['ts', 'level']);
        const interval = p.add(intervalMs);
        const sql = `SELECT bucket, level, sum(n) AS n FROM (
            SELECT ${bucketOf('ts', interval)} AS bucket, level, count(*) AS n FROM logs WHERE ${where} GROUP BY 1, 2
            UNION ALL SELECT ${bucketOf('l.ts', interval)}, l.level, count(*) FROM ${cold.from} WHERE ${cold.where} GROUP BY 1, 2) u
          GROUP BY 1, 2`;
        return (await (hasText(fullQuery(f)) ? db.queryWithBitmapMemory(sql, p.values) : db.query(sql, p.values))).rows;
      };
      if (!rollupsApply(filter) || intervalMs % MINUTE !== 0) return toBuckets(await raw(filter));
      const { middle, edges } = splitRange(filter.from, filter.to);
      const rows = [];
      if (middle) {
        const p = new Params();
        const where = minutesWhere(filter, p, middle[0], middle[1], await partitionDays(db));
        const bucket = bucketOf(`(minute * ${MINUTE})`, p.add(intervalMs));
        rows.push(...(await db.query(`SELECT ${bucket} AS bucket, level, sum(n) AS n FROM log_minutes WHERE ${where} GROUP BY 1, 2`, p.values)).rows);
      }
      for (const [from, to] of edges) rows.push(...(await raw({ ...filter, from, to })));
      return toBuckets(rows);
    },
    serviceHistograms: (filter, intervalMs) => serviceHistograms(db, filter, intervalMs),
    async services(projectIds) {
      if (!projectIds.length) return [];
      // COLLATE "C": byte order, as SQLite's BINARY collation sorts.
      const p = new Params();
      const where = minutesWhere({ projectIds }, p, EARLIEST, LATEST, await partitionDays(db));
      const { rows } = await db.query(
        `SELECT project_id, service, sum(n) AS n, max(last_ts) AS last FROM log_minutes WHERE ${where}
         GROUP BY service, project_id ORDER BY service COLLATE "C", project_id`,
        p.values,
      );
      return rows.map((r) => ({ projectId: r.project_id, service: r.service, count: Number(r.n), lastSeenAt: r.last === null ? null : Number(r.last) }));
    },
    async getLog(id) {
      if (!isLogId(id)) return null;
      const { rows } = await db.query(
        `SELECT ${LOG_COLUMNS} FROM logs WHERE id = $1
         UNION ALL SELECT ${BLOCK_LOG_COLUMNS} FROM ${blockRowsFrom()} WHERE b.min_id <= $1 AND b.max_id >= $1 AND l.id = $1`,
        [id],
      );
      return rows[0] ? toLogEntry(rows[0]) : null;
    },
    async logContext(entry: LogEntry, before: number, after: number) {
      const params = [entry.projectId, entry.service, Date.parse(entry.timestamp), entry.id];
      const same = 'project_id = $1 AND service = $2';
      const side = (cmp: '<' | '>', bound: string) => {
        const where = `${same} AND (ts, id) ${cmp} ($3, $4::bigint)`;
        return unionPage(where, { from: blockRowsFrom(), where: `${where} AND ${bound}` }, cmp === '<' ? 'newest' : 'oldest', '$5');
      };
      const [older, newer] = await Promise.all([
        db.query(side('<', 'b.min_ts <= $3'), [...params, before]),
        db.query(side('>', 'b.max_ts >= $3'), [...params, after]),
      ]);
      return { before: older.rows.reverse().map(toLogEntry), after: newer.rows.map(toLogEntry) };
    },
    async logsAfter(afterId, unlifted, limit) {
      const filter = liftFieldClauses(unlifted);
      const p = new Params();
      const where = buildWhere(filter, p);
      const cold = blockQuery(filter, p, ALL_COLUMNS);
      const after = p.add(afterId);
      const lim = p.add(limit);
      const { rows } = await db.query(
        unionPage(`${where} AND id > ${after}::bigint`, { from: cold.from, where: `${cold.where} AND b.max_id > ${after}::bigint AND id > ${after}::bigint` }, 'id', lim),
        p.values,
      );
      return rows.map(toLogEntry);
    },
    async maxLogId() {
      const { rows } = await db.query('SELECT greatest(coalesce((SELECT max(id) FROM logs), 0), coalesce((SELECT max(max_id) FROM log_blocks), 0))::text AS id');
      return rows[0].id as string;
    },
  };
}
