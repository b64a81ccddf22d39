/** Alert rules, states and events on SQLite: small tables written on the reading connection like accounts. */
import type Database from 'better-sqlite3';
import type { AlertEvaluationResult, AlertEvaluationWrite, AlertEventQuery, AlertRulePatch, AlertStore, NewAlertRule } from '../alerts-types.js';
import { isAlertId, toAlertEvent, toAlertRule, toAlertState } from '../alert-rows.js';

type Row = Record<string, unknown>;
type RuleMethods = Pick<
  AlertStore,
  | 'listAlertRules'
  | 'getAlertRule'
  | 'createAlertRule'
  | 'updateAlertRule'
  | 'deleteAlertRule'
  | 'dueAlertRules'
  | 'listAlertStates'
  | 'commitAlertEvaluation'
  | 'withAlertRuleLock'
  | 'listAlertEvents'
  | 'getAlertEvent'
  | 'pruneAlertEvents'
>;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

const PATCH_COLUMNS: Array<[keyof AlertRulePatch, string, (v: unknown) => unknown]> = [
  ['name', 'name', (v) => v],
  ['severity', 'severity', (v) => v],
  ['intervalS', 'interval_s', (v) => v],
  ['forS', 'for_s', (v) => v],
  ['reminderS', 'reminder_s', (v) => v],
  ['channelIds', 'channel_ids', (v) => JSON.stringify(v)],
  ['condition', 'condition', (v) => JSON.stringify(v)],
  ['enabled', 'enabled', (v) => (v ? 1 : 0)],
  ['mutedUntil', 'muted_until', (v) => v],
  ['nextRunAt', 'next_run_at', (v) => v],
];

export function sqliteAlertRules(db: Database.Database): RuleMethods {
  // One process owns a SQLite file: an in-process set keeps two evaluations of one rule apart.
  const held = new Set<string>();

  const commit = db.transaction((w: AlertEvaluationWrite): AlertEvaluationResult => {
    const guard = db
      .prepare('UPDATE alert_rules SET next_run_at = ?, last_evaluated_at = ? WHERE id = ? AND next_run_at = ?')
      .run(w.nextRunAt, w.evaluatedAt, w.ruleId, w.expectNextRunAt);
    if (guard.changes === 0) return { committed: false, eventIds: [] };
    const upsert = db.prepare(
      `INSERT INTO alert_rule_state (rule_id, group_key, state, since, pending_since, last_value, last_notified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, group_key) DO UPDATE SET state = excluded.state,
       since = excluded.since, pending_since = excluded.pending_since, last_value = excluded.last_value,
       last_notified_at = excluded.last_notified_at`,
    );
    for (const s of w.states) upsert.run(w.ruleId, s.groupKey, s.state, s.since, s.pendingSince, s.lastValue, s.lastNotifiedAt);
    const remove = db.prepare('DELETE FROM alert_rule_state WHERE rule_id = ? AND group_key = ?');
    for (const k of w.removeGroupKeys) remove.run(w.ruleId, k);
    const insertEvent = db.prepare(
      `INSERT INTO alert_events (rule_id, rule_name, project_id, group_key, kind, severity, at, value, threshold, summary, logs_url, sample)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    const eventIds: string[] = [];
    for (const { event: e, channelIds } of w.events) {
      const id = (insertEvent.all(w.ruleId, e.ruleName, e.projectId, e.groupKey, e.kind, e.severity, e.at, e.value, e.threshold, e.summary, e.logsUrl, JSON.stringify(e.sample))[0] as { id: number }).id;
      eventIds.push(String(id));
      const ids = channelIds.filter(isAlertId);
      if (ids.length === 0) continue;
      db.prepare(
        `INSERT INTO alert_deliveries (event_id, channel_id, test, status, attempts, next_attempt_at, updated_at)
         SELECT ?, id, 0, 'pending', 0, ?, ? FROM alert_channels WHERE id IN (${marks(ids.length)}) AND enabled = 1 AND project_id = ?`,
      ).run(id, e.at, e.at, ...ids, e.projectId);
    }
    return { committed: true, eventIds };
  });

  const getRule = (id: string) => {
    if (!isAlertId(id)) return null;
    const row = db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as Row | undefined;
    return row ? toAlertRule(row) : null;
  };

  return {
    async listAlertRules(projectIds) {
      if (projectIds.length === 0) return [];
      const rows = db.prepare(`SELECT * FROM alert_rules WHERE project_id IN (${marks(projectIds.length)}) ORDER BY name, id`).all(...projectIds) as Row[];
      return rows.map(toAlertRule);
    },
    async getAlertRule(id) {
      return getRule(id);
    },
    async createAlertRule(r: NewAlertRule) {
      const now = Date.now();
      const row = db
        .prepare(
          `INSERT INTO alert_rules (project_id, name, severity, interval_s, for_s, reminder_s, channel_ids, condition, enabled,
           next_run_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .all(r.projectId, r.name, r.severity, r.intervalS, r.forS, r.reminderS, JSON.stringify(r.channelIds), JSON.stringify(r.condition), r.enabled === false ? 0 : 1, r.nextRunAt, now, now)[0] as Row;
      return toAlertRule(row);
    },
    async updateAlertRule(id, patch) {
      if (!isAlertId(id)) return null;
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [key, column, encode] of PATCH_COLUMNS) {
        if (patch[key] === undefined) continue;
        sets.push(`${column} = ?`);
        params.push(encode(patch[key]));
      }
      sets.push('updated_at = ?');
      params.push(Date.now());
      const rows = db.prepare(`UPDATE alert_rules SET ${sets.join(', ')} WHERE id = ? RETURNING *`).all(...params, id) as Row[];
      // A changed condition starts the states afresh: old groups and pending times belong to another question.
      if (rows[0] && patch.condition !== undefined) db.prepare('DELETE FROM alert_rule_state WHERE rule_id = ?').run(id);
      return rows[0] ? toAlertRule(rows[0]) : null;
    },
    async deleteAlertRule(id) {
      return isAlertId(id) && db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
    },
    async dueAlertRules(now, limit) {
      const rows = db.prepare('SELECT * FROM alert_rules WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at, id LIMIT ?').all(now, limit) as Row[];
      return rows.map(toAlertRule);
    },
    async listAlertStates(ruleIds) {
      const ids = ruleIds.filter(isAlertId);
      if (ids.length === 0) return [];
      const rows = db.prepare(`SELECT * FROM alert_rule_state WHERE rule_id IN (${marks(ids.length)}) ORDER BY rule_id, group_key`).all(...ids) as Row[];
      return rows.map(toAlertState);
    },
    async commitAlertEvaluation(w) {
      if (!isAlertId(w.ruleId)) return { committed: false, eventIds: [] };
      return commit.immediate(w);
    },
    async withAlertRuleLock(ruleId, fn) {
      if (held.has(ruleId)) return null;
      held.add(ruleId);
      try {
        return await fn();
      } finally {
        held.delete(ruleId);
      }
    },
    async listAlertEvents(q: AlertEventQuery) {
      if (q.projectIds.length === 0) return [];
      const params: unknown[] = [...q.projectIds];
      let sql = `SELECT * FROM alert_events WHERE project_id IN (${marks(q.projectIds.length)})`;
      if (q.ruleId !== undefined) {
        if (!isAlertId(q.ruleId)) return [];
        sql += ' AND rule_id = ?';
        params.push(q.ruleId);
      }
      if (q.beforeId !== undefined && isAlertId(q.beforeId)) {
        sql += ' AND id < ?';
        params.push(q.beforeId);
      }
      const rows = db.prepare(`${sql} ORDER BY id DESC LIMIT ?`).all(...params, q.limit) as Row[];
      return rows.map(toAlertEvent);
    },
    async getAlertEvent(id) {
      if (!isAlertId(id)) return null;
      const row = db.prepare('SELECT * FROM alert_events WHERE id = ?').get(id) as Row | undefined;
      return row ? toAlertEvent(row) : null;
    },
    async pruneAlertEvents(olderThan) {
      return db.prepare('DELETE FROM alert_events WHERE at < ?').run(olderThan).changes;
    },
  };
}
