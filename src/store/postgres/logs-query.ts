/** The read side of logs: pages, counts, histogram, services, context and the live-tail poll. */
import { LEVELS, type HistogramBucket, type LogEntry, type Store } from '../types.js';
import type { Db } from './db.js';
import { Params, buildWhere } from './filters.js';
import { LOG_COLUMNS, toLogEntry } from './rows.js';

type QueryMethods = Pick<
  Store,
  'queryLogs' | 'countLogs' | 'histogram' | 'services' | 'getLog' | 'logContext' | 'logsAfter' | 'maxLogId'
>;

/** Ids arrive from URLs: anything that is not a bigint cannot name a log. */
function isLogId(id: string): boolean {
  return /^\d{1,19}$/.test(id) && BigInt(id) <= 9223372036854775807n;
}

export function queryMethods(db: Db): QueryMethods {
  return {
    async queryLogs(q) {
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
      const { rows } = await db.query(sql, p.values);
      const data = rows.map(toLogEntry);
      const last = rows[rows.length - 1];
      const next = data.length === q.limit && last ? { ts: Number(last.ts), id: String(last.id) } : null;
      return { data, next };
    },
    async countLogs(filter) {
      const p = new Params();
      const { rows } = await db.query(`SELECT count(*) AS n FROM logs WHERE ${buildWhere(filter, p)}`, p.values);
      return Number(rows[0].n);
    },
    async histogram(filter, intervalMs) {
      const p = new Params();
      const where = buildWhere(filter, p);
      const i = p.add(intervalMs);
      // Floor division (also right for times before 1970): buckets start at multiples of the interval.
      const bucket = `(ts - (((ts % ${i}::bigint) + ${i}::bigint) % ${i}::bigint))`;
      const { rows } = await db.query(
        `SELECT ${bucket} AS bucket, level, count(*) AS n FROM logs WHERE ${where} GROUP BY 1, 2 ORDER BY 1`,
        p.values,
      );
      const buckets: HistogramBucket[] = [];
      for (const r of rows) {
        const ts = Number(r.bucket);
        let b = buckets[buckets.length - 1];
        if (!b || b.ts !== ts) buckets.push((b = { ts, counts: {} }));
        b.counts[LEVELS[r.level] ?? 'INFO'] = Number(r.n);
      }
      return buckets;
    },
    async services(projectId) {
      // COLLATE "C": byte order, as SQLite's BINARY collation sorts.
      const { rows } = await db.query(
        `SELECT service, count(*) AS n, max(ts) AS last FROM logs WHERE project_id = $1 GROUP BY service ORDER BY service COLLATE "C"`,
        [projectId],
      );
      return rows.map((r) => ({ service: r.service, count: Number(r.n), lastSeenAt: r.last === null ? null : Number(r.last) }));
    },
    async getLog(id) {
      if (!isLogId(id)) return null;
      const { rows } = await db.query(`SELECT ${LOG_COLUMNS} FROM logs WHERE id = $1`, [id]);
      return rows[0] ? toLogEntry(rows[0]) : null;
    },
    async logContext(entry: LogEntry, before: number, after: number) {
      const params = [entry.projectId, entry.service, Date.parse(entry.timestamp), entry.id];
      const same = 'project_id = $1 AND service = $2';
      const [older, newer] = await Promise.all([
        db.query(`SELECT ${LOG_COLUMNS} FROM logs WHERE ${same} AND (ts, id) < ($3, $4::bigint) ORDER BY ts DESC, id DESC LIMIT $5`, [...params, before]),
        db.query(`SELECT ${LOG_COLUMNS} FROM logs WHERE ${same} AND (ts, id) > ($3, $4::bigint) ORDER BY ts, id LIMIT $5`, [...params, after]),
      ]);
      return { before: older.rows.reverse().map(toLogEntry), after: newer.rows.map(toLogEntry) };
    },
    async logsAfter(afterId, filter, limit) {
      const p = new Params();
      const where = buildWhere(filter, p);
      const { rows } = await db.query(
        `SELECT ${LOG_COLUMNS} FROM logs WHERE ${where} AND id > ${p.add(afterId)}::bigint ORDER BY id LIMIT ${p.add(limit)}`,
        p.values,
      );
      return rows.map(toLogEntry);
    },
    async maxLogId() {
      const { rows } = await db.query('SELECT coalesce(max(id), 0)::text AS id FROM logs');
      return rows[0].id as string;
    },
  };
}
