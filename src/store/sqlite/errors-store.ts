/** The error tracking part of the SQLite store (errors-types.ts), on top of the explorer's reads. */
import type { ErrorGroupPatch, ErrorListQuery, ErrorStore } from '../errors-types.js';
import type { LogCursor, LogEntry, LogPage } from '../types.js';
import * as groups from './error-groups.js';
import { SqliteExplore } from './explore.js';
import { LOG_COLUMNS, toLogEntry, type LogDbRow } from './rows.js';

export class SqliteErrors extends SqliteExplore implements ErrorStore {
  async listErrorGroups(q: ErrorListQuery) {
    return groups.listGroups(this.db, q);
  }

  async getErrorGroup(id: string, now: number) {
    return groups.getGroup(this.db, id, now);
  }

  async errorGroupTags(id: string) {
    return groups.groupTags(this.db, id);
  }

  async errorGroupFingerprints(id: string) {
    return groups.groupFingerprints(this.db, id)?.fingerprints ?? [];
  }

  async errorGroupEvents(id: string, limit: number, cursor?: LogCursor): Promise<LogPage> {
    const g = groups.groupFingerprints(this.db, id);
    if (!g) return { data: [], next: null };
    const params: unknown[] = [g.projectId, ...g.fingerprints];
    let sql = `SELECT ${LOG_COLUMNS} FROM logs l WHERE project_id = ? AND fingerprint IN (${g.fingerprints.map(() => '?').join(',')})`;
    if (cursor) {
      sql += ' AND (ts < ? OR (ts = ? AND id < ?))';
      params.push(cursor.ts, cursor.ts, Number(cursor.id));
    }
    const rows = this.db.prepare(`${sql} ORDER BY ts DESC, id DESC LIMIT ?`).all(...params, limit) as LogDbRow[];
    const last = rows[rows.length - 1];
    return { data: rows.map(toLogEntry), next: rows.length === limit && last ? { ts: last.ts, id: String(last.id) } : null };
  }

  async errorGroupFirstEvent(id: string): Promise<LogEntry | null> {
    const g = groups.groupFingerprints(this.db, id);
    if (!g) return null;
    const row = this.db
      .prepare(`SELECT ${LOG_COLUMNS} FROM logs l WHERE project_id = ? AND fingerprint IN (${g.fingerprints.map(() => '?').join(',')}) ORDER BY ts, id LIMIT 1`)
      .get(g.projectId, ...g.fingerprints) as LogDbRow | undefined;
    return row ? toLogEntry(row) : null;
  }

  async updateErrorGroups(ids: string[], projectIds: number[], patch: ErrorGroupPatch, now: number) {
    return groups.updateGroups(this.db, ids, projectIds, patch, now);
  }

  async mergeErrorGroups(targetId: string, sourceIds: string[]) {
    return groups.mergeGroups(this.db, targetId, sourceIds);
  }
}
