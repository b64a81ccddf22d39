/** Alert channels and the delivery log on SQLite (one process per file: an immediate transaction is the lock). */
import type Database from 'better-sqlite3';
import type { AlertStore, DeliveryAttempt } from '../alerts-types.js';
import { LEASE_EXPIRED_ERROR, attemptColumns, isAlertId, toAlertChannel, toAlertDelivery } from '../alert-rows.js';

type Row = Record<string, unknown>;
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

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
const DELIVERY = 'SELECT d.*, c.name AS channel_name FROM alert_deliveries d JOIN alert_channels c ON c.id = d.channel_id';

export function sqliteAlertDeliveries(db: Database.Database): DeliveryMethods {
  const getDelivery = (id: number | string) => toAlertDelivery(db.prepare(`${DELIVERY} WHERE d.id = ?`).get(id) as Row);

  const dueDelivery = db.prepare(
    `SELECT 1 FROM alert_deliveries WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ?
     AND (claimed_at IS NULL OR claimed_at < ?) LIMIT 1`,
  );
  const claim = db.transaction((now: number, workerId: string, leaseMs: number, limit: number) => {
    const rows = db
      .prepare(
        `SELECT id, claimed_at FROM alert_deliveries WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ?
         AND (claimed_at IS NULL OR claimed_at < ?) ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(now, now - leaseMs, limit) as Array<{ id: number; claimed_at: number | null }>;
    const fresh = db.prepare('UPDATE alert_deliveries SET claimed_at = ?, claimed_by = ?, updated_at = ? WHERE id = ?');
    const lost = db.prepare(
      `UPDATE alert_deliveries SET claimed_at = ?, claimed_by = ?, updated_at = ?, attempts = attempts + 1,
       status = 'retrying', last_error = ? WHERE id = ?`,
    );
    for (const r of rows) {
      if (r.claimed_at === null) fresh.run(now, workerId, now, r.id);
      else lost.run(now, workerId, now, LEASE_EXPIRED_ERROR, r.id);
    }
    return rows.map((r) => getDelivery(r.id));
  });

  return {
    async listAlertChannels(projectIds) {
      if (projectIds.length === 0) return [];
      const rows = db.prepare(`SELECT * FROM alert_channels WHERE project_id IN (${marks(projectIds.length)}) ORDER BY name, id`).all(...projectIds) as Row[];
      return rows.map(toAlertChannel);
    },
    async getAlertChannel(id) {
      if (!isAlertId(id)) return null;
      const row = db.prepare('SELECT * FROM alert_channels WHERE id = ?').get(id) as Row | undefined;
      return row ? toAlertChannel(row) : null;
    },
    async createAlertChannel(c) {
      const now = Date.now();
      const row = db
        .prepare(
          `INSERT INTO alert_channels (project_id, name, type, config, secret, enabled, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .all(c.projectId, c.name, c.type, JSON.stringify(c.config), c.secret, c.enabled === false ? 0 : 1, now, now)[0] as Row;
      return toAlertChannel(row);
    },
    async updateAlertChannel(id, patch) {
      if (!isAlertId(id)) return null;
      const rows = db
        .prepare(
          `UPDATE alert_channels SET name = coalesce(?, name), config = coalesce(?, config),
           secret = CASE WHEN ? THEN ? ELSE secret END, enabled = coalesce(?, enabled), updated_at = ? WHERE id = ? RETURNING *`,
        )
        .all(
          patch.name ?? null,
          patch.config ? JSON.stringify(patch.config) : null,
          patch.secret !== undefined ? 1 : 0,
          patch.secret ?? null,
          patch.enabled === undefined ? null : patch.enabled ? 1 : 0,
          Date.now(),
          id,
        ) as Row[];
      return rows[0] ? toAlertChannel(rows[0]) : null;
    },
    async deleteAlertChannel(id) {
      return isAlertId(id) && db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id).changes > 0;
    },
    async claimAlertDeliveries({ now, workerId, leaseMs, limit }) {
      // The worker polls every second on the main thread: look first with a plain read (WAL readers take no
      // lock), so an idle poll never waits on the writer thread's lock with the event loop blocked.
      if (!dueDelivery.get(now, now - leaseMs)) return [];
      return claim.immediate(now, workerId, leaseMs, limit);
    },
    async recordDeliveryAttempt(id: string, workerId: string, a: DeliveryAttempt) {
      if (!isAlertId(id)) return false;
      const [status, code, error, next, sentAt] = attemptColumns(a);
      const r = db
        .prepare(
          `UPDATE alert_deliveries SET attempts = attempts + 1, status = ?, last_status_code = ?, last_error = ?,
           next_attempt_at = ?, sent_at = ?, claimed_at = NULL, claimed_by = NULL, updated_at = ?
           WHERE id = ? AND claimed_by = ? AND status IN ('pending', 'retrying')`,
        )
        .run(status, code, error, next, sentAt, a.at, id, workerId);
      return r.changes > 0;
    },
    async recordTestDelivery(channelId, a) {
      const [status, code, error, , sentAt] = attemptColumns({ ...a, nextAttemptAt: null });
      const row = db
        .prepare(
          `INSERT INTO alert_deliveries (event_id, channel_id, test, status, attempts, last_status_code, last_error, sent_at, updated_at)
           VALUES (NULL, ?, 1, ?, 1, ?, ?, ?, ?) RETURNING id`,
        )
        .all(channelId, status, code, error, sentAt, a.at)[0] as { id: number };
      return getDelivery(row.id);
    },
    async listAlertDeliveries(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.eventIds) {
        const ids = q.eventIds.filter(isAlertId);
        if (ids.length === 0) return [];
        where.push(`d.event_id IN (${marks(ids.length)})`);
        params.push(...ids);
      }
      if (q.channelId !== undefined) {
        if (!isAlertId(q.channelId)) return [];
        where.push('d.channel_id = ?');
        params.push(q.channelId);
      }
      const sql = `${DELIVERY}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id DESC LIMIT ?`;
      return (db.prepare(sql).all(...params, q.limit ?? 1000) as Row[]).map(toAlertDelivery);
    },
  };
}
