/** Alert channels and the delivery log on PostgreSQL (claims with FOR UPDATE SKIP LOCKED). */
import type { AlertStore } from '../alerts-types.js';
import { LEASE_EXPIRED_ERROR, attemptColumns, isAlertId, toAlertChannel, toAlertDelivery } from '../alert-rows.js';
import type { Db } from './db.js';

type DeliveryMethods = Pick<
  AlertStore,
  | 'listAlertChannels'
  | 'getAlertChannel'
  | 'createAlertChannel'
  | 'updateAlertChannel'
  | 'deleteAlertChannel'
  | 'claimAlertDeliveries'
  | 'recordDeliveryAttempt'
  | 'recordTestDelivery'
  | 'listAlertDeliveries'
>;

const CHANNEL_NAME = '(SELECT name FROM alert_channels c WHERE c.id = d.channel_id) AS channel_name';

export function alertDeliveryMethods(db: Db): DeliveryMethods {
  return {
    async listAlertChannels(projectIds) {
      const { rows } = await db.query('SELECT * FROM alert_channels WHERE project_id = ANY($1) ORDER BY name COLLATE "C", id', [projectIds]);
      return rows.map(toAlertChannel);
    },
    async getAlertChannel(id) {
      if (!isAlertId(id)) return null;
      const { rows } = await db.query('SELECT * FROM alert_channels WHERE id = $1', [id]);
      return rows[0] ? toAlertChannel(rows[0]) : null;
    },
    async createAlertChannel(c) {
      const now = Date.now();
      const { rows } = await db.query(
        `INSERT INTO alert_channels (project_id, name, type, config, secret, enabled, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
        [c.projectId, c.name, c.type, JSON.stringify(c.config), c.secret, c.enabled !== false, now],
      );
      return toAlertChannel(rows[0]);
    },
    async updateAlertChannel(id, patch) {
      if (!isAlertId(id)) return null;
      const { rows } = await db.query(
        `UPDATE alert_channels SET name = coalesce($2, name), config = coalesce($3::jsonb, config),
         secret = CASE WHEN $4 THEN $5 ELSE secret END, enabled = coalesce($6, enabled), updated_at = $7 WHERE id = $1 RETURNING *`,
        [id, patch.name ?? null, patch.config ? JSON.stringify(patch.config) : null, patch.secret !== undefined, patch.secret ?? null, patch.enabled ?? null, Date.now()],
      );
      return rows[0] ? toAlertChannel(rows[0]) : null;
    },
    async deleteAlertChannel(id) {
      if (!isAlertId(id)) return false;
      const r = await db.query('DELETE FROM alert_channels WHERE id = $1', [id]);
      return (r.rowCount ?? 0) > 0;
    },
    async claimAlertDeliveries({ now, workerId, leaseMs, limit }) {
      // SKIP LOCKED: a concurrent claimer passes over the rows this one is taking instead of waiting or taking them.
      const { rows } = await db.query(
        `WITH picked AS (
           SELECT id FROM alert_deliveries WHERE status IN ('pending', 'retrying') AND next_attempt_at <= $1
           AND (claimed_at IS NULL OR claimed_at < $1 - $3) ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
         UPDATE alert_deliveries d SET
           attempts = d.attempts + CASE WHEN d.claimed_at IS NULL THEN 0 ELSE 1 END,
           status = CASE WHEN d.claimed_at IS NULL THEN d.status ELSE 'retrying' END,
           last_error = CASE WHEN d.claimed_at IS NULL THEN d.last_error ELSE $5 END,
           claimed_at = $1, claimed_by = $2, updated_at = $1
         FROM picked WHERE d.id = picked.id RETURNING d.*, ${CHANNEL_NAME}`,
        [now, workerId, leaseMs, limit, LEASE_EXPIRED_ERROR],
      );
      return rows.map(toAlertDelivery).sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || Number(a.id) - Number(b.id));
    },
    async recordDeliveryAttempt(id, workerId, a) {
      if (!isAlertId(id)) return false;
      const [status, code, error, next, sentAt] = attemptColumns(a);
      const r = await db.query(
        `UPDATE alert_deliveries SET attempts = attempts + 1, status = $3, last_status_code = $4, last_error = $5,
         next_attempt_at = $6, sent_at = $7, claimed_at = NULL, claimed_by = NULL, updated_at = $8
         WHERE id = $1 AND claimed_by = $2 AND status IN ('pending', 'retrying')`,
        [id, workerId, status, code, error, next, sentAt, a.at],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async recordTestDelivery(channelId, a) {
      const [status, code, error, , sentAt] = attemptColumns({ ...a, nextAttemptAt: null });
      const { rows } = await db.query(
        `INSERT INTO alert_deliveries AS d (event_id, channel_id, test, status, attempts, last_status_code, last_error, sent_at, updated_at)
         VALUES (NULL, $1, true, $2, 1, $3, $4, $5, $6) RETURNING d.*, ${CHANNEL_NAME}`,
        [channelId, status, code, error, sentAt, a.at],
      );
      return toAlertDelivery(rows[0]);
    },
    async listAlertDeliveries(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.eventIds) {
        const ids = q.eventIds.filter(isAlertId);
        if (ids.length === 0) return [];
        params.push(ids);
        where.push(`d.event_id = ANY($${params.length}::bigint[])`);
      }
      if (q.channelId !== undefined) {
        if (!isAlertId(q.channelId)) return [];
        params.push(q.channelId);
        where.push(`d.channel_id = $${params.length}`);
      }
      params.push(q.limit ?? 1000);
      const sql = `SELECT d.*, ${CHANNEL_NAME} FROM alert_deliveries d${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id DESC LIMIT $${params.length}`;
      const { rows } = await db.query(sql, params);
      return rows.map(toAlertDelivery);
    },
  };
}
