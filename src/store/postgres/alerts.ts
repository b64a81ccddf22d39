/** Alert rules, states and events on PostgreSQL. */
import type { AlertRulePatch, AlertStore } from '../alerts-types.js';
import { isAlertId, toAlertEvent, toAlertRule, toAlertState } from '../alert-rows.js';
import type { Db } from './db.js';

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

/** First key of the two-key advisory lock of a rule evaluation (the second is the rule id). */
const ALERT_LOCK_SPACE = 0x616c7274; // "alrt"

const PATCH_COLUMNS: Array<[keyof AlertRulePatch, string, (v: unknown) => unknown]> = [
  ['name', 'name', (v) => v],
  ['severity', 'severity', (v) => v],
  ['intervalS', 'interval_s', (v) => v],
  ['forS', 'for_s', (v) => v],
  ['reminderS', 'reminder_s', (v) => v],
  ['channelIds', 'channel_ids', (v) => JSON.stringify(v)],
  ['condition', 'condition', (v) => JSON.stringify(v)],
  ['enabled', 'enabled', (v) => v],
  ['mutedUntil', 'muted_until', (v) => v],
  ['nextRunAt', 'next_run_at', (v) => v],
];

export function alertRuleMethods(db: Db): RuleMethods {
  return {
    async listAlertRules(projectIds) {
      const { rows } = await db.query('SELECT * FROM alert_rules WHERE project_id = ANY($1) ORDER BY name COLLATE "C", id', [projectIds]);
      return rows.map(toAlertRule);
    },
    async getAlertRule(id) {
      if (!isAlertId(id)) return null;
      const { rows } = await db.query('SELECT * FROM alert_rules WHERE id = $1', [id]);
      return rows[0] ? toAlertRule(rows[0]) : null;
    },
    async createAlertRule(r) {
      const now = Date.now();
      const { rows } = await db.query(
        `INSERT INTO alert_rules (project_id, name, severity, interval_s, for_s, reminder_s, channel_ids, condition, enabled,
         next_run_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING *`,
        [r.projectId, r.name, r.severity, r.intervalS, r.forS, r.reminderS, JSON.stringify(r.channelIds), JSON.stringify(r.condition), r.enabled !== false, r.nextRunAt, now],
      );
      return toAlertRule(rows[0]);
    },
    async updateAlertRule(id, patch) {
      if (!isAlertId(id)) return null;
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const [key, column, encode] of PATCH_COLUMNS) {
        if (patch[key] === undefined) continue;
        params.push(encode(patch[key]));
        sets.push(`${column} = $${params.length}`);
      }
      params.push(Date.now());
      sets.push(`updated_at = $${params.length}`);
      return db.tx(async (c) => {
        const { rows } = await c.query(`UPDATE alert_rules SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
        // A changed condition starts the states afresh: old groups and pending times belong to another question.
        if (rows[0] && patch.condition !== undefined) await c.query('DELETE FROM alert_rule_state WHERE rule_id = $1', [id]);
        return rows[0] ? toAlertRule(rows[0]) : null;
      });
    },
    async deleteAlertRule(id) {
      if (!isAlertId(id)) return false;
      const r = await db.query('DELETE FROM alert_rules WHERE id = $1', [id]);
      return (r.rowCount ?? 0) > 0;
    },
    async dueAlertRules(now, limit) {
      const { rows } = await db.query('SELECT * FROM alert_rules WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at, id LIMIT $2', [now, limit]);
      return rows.map(toAlertRule);
    },
    async listAlertStates(ruleIds) {
      const ids = ruleIds.filter(isAlertId);
      if (ids.length === 0) return [];
      const { rows } = await db.query('SELECT * FROM alert_rule_state WHERE rule_id = ANY($1::bigint[]) ORDER BY rule_id, group_key COLLATE "C"', [ids]);
      return rows.map(toAlertState);
    },
    commitAlertEvaluation(w) {
      if (!isAlertId(w.ruleId)) return Promise.resolve({ committed: false, eventIds: [] });
      return db.tx(async (c) => {
        // The compare-and-set on next_run_at: of two instances that evaluated the same run, one commits.
        const guard = await c.query('UPDATE alert_rules SET next_run_at = $1, last_evaluated_at = $2 WHERE id = $3 AND next_run_at = $4', [
          w.nextRunAt,
          w.evaluatedAt,
          w.ruleId,
          w.expectNextRunAt,
        ]);
        if (!guard.rowCount) return { committed: false, eventIds: [] };
        for (const s of w.states) {
          await c.query(
            `INSERT INTO alert_rule_state (rule_id, group_key, state, since, pending_since, last_value, last_notified_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (rule_id, group_key) DO UPDATE SET state = excluded.state,
             since = excluded.since, pending_since = excluded.pending_since, last_value = excluded.last_value,
             last_notified_at = excluded.last_notified_at`,
            [w.ruleId, s.groupKey, s.state, s.since, s.pendingSince, s.lastValue, s.lastNotifiedAt],
          );
        }
        if (w.removeGroupKeys.length) {
          await c.query('DELETE FROM alert_rule_state WHERE rule_id = $1 AND group_key = ANY($2)', [w.ruleId, w.removeGroupKeys]);
        }
        const eventIds: string[] = [];
        for (const { event: e, channelIds } of w.events) {
          const { rows } = await c.query(
            `INSERT INTO alert_events (rule_id, rule_name, project_id, group_key, kind, severity, at, value, threshold, summary, logs_url, sample)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
            [w.ruleId, e.ruleName, e.projectId, e.groupKey, e.kind, e.severity, e.at, e.value, e.threshold, e.summary, e.logsUrl, JSON.stringify(e.sample)],
          );
          const id = String(rows[0].id);
          eventIds.push(id);
          const ids = channelIds.filter(isAlertId);
          if (ids.length === 0) continue;
          await c.query(
            `INSERT INTO alert_deliveries (event_id, channel_id, test, status, attempts, next_attempt_at, updated_at)
             SELECT $1, id, false, 'pending', 0, $2, $2 FROM alert_channels WHERE id = ANY($3::bigint[]) AND enabled AND project_id = $4`,
            [id, e.at, ids, e.projectId],
          );
        }
        return { committed: true, eventIds };
      });
    },
    withAlertRuleLock(ruleId, fn) {
      // A session lock on one dedicated connection, held while the rule is evaluated; try: never wait for it.
      return db.withClient(async (c) => {
        const key = Number(ruleId) % 2_147_483_648;
        const { rows } = await c.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [ALERT_LOCK_SPACE, key]);
        if (!rows[0].ok) return null;
        try {
          return await fn();
        } finally {
          await c.query('SELECT pg_advisory_unlock($1, $2)', [ALERT_LOCK_SPACE, key]).catch(() => {});
        }
      });
    },
    async listAlertEvents(q) {
      const params: unknown[] = [q.projectIds];
      let sql = 'SELECT * FROM alert_events WHERE project_id = ANY($1)';
      if (q.ruleId !== undefined) {
        if (!isAlertId(q.ruleId)) return [];
        params.push(q.ruleId);
        sql += ` AND rule_id = $${params.length}`;
      }
      if (q.beforeId !== undefined && isAlertId(q.beforeId)) {
        params.push(q.beforeId);
        sql += ` AND id < $${params.length}`;
      }
      params.push(q.limit);
      const { rows } = await db.query(`${sql} ORDER BY id DESC LIMIT $${params.length}`, params);
      return rows.map(toAlertEvent);
    },
    async getAlertEvent(id) {
      if (!isAlertId(id)) return null;
      const { rows } = await db.query('SELECT * FROM alert_events WHERE id = $1', [id]);
      return rows[0] ? toAlertEvent(rows[0]) : null;
    },
    async pruneAlertEvents(olderThan) {
      const r = await db.query('DELETE FROM alert_events WHERE at < $1', [olderThan]);
      return r.rowCount ?? 0;
    },
  };
}
