/** Plans, project quota settings and daily usage on PostgreSQL (src/quotas; store types in quota-types.ts). */
import type { QuotaStore, UsageDelta } from '../quota-types.js';
import { LEVELS, type Store } from '../types.js';
import type { Db } from './db.js';
import { PLAN_COLUMNS, sumUsage, toPlan } from '../quota-rows.js';

/** The summed usage deltas (sumUsage) as the column arrays `upsertUsageSql` binds. */
export function usageParams(deltas: UsageDelta[]): unknown[][] {
  const all = sumUsage(deltas);
  return [0, 1, 2, 3, 4, 5].map((c) => all.map((a) => a[c]));
}

/** Adds the counts of `usageParams`, bound from parameter `$first` on. */
export function upsertUsageSql(first: number): string {
  const $ = (i: number) => `$${first + i}`;
  return `INSERT INTO project_usage AS u (project_id, day, level, accepted, sampled_out, refused)
     SELECT * FROM unnest(${$(0)}::int[], ${$(1)}::int[], ${$(2)}::smallint[], ${$(3)}::bigint[], ${$(4)}::bigint[], ${$(5)}::bigint[])
     ON CONFLICT (project_id, day, level) DO UPDATE SET accepted = u.accepted + excluded.accepted,
       sampled_out = u.sampled_out + excluded.sampled_out, refused = u.refused + excluded.refused`;
}

export function quotaMethods(db: Db): Pick<Store, keyof QuotaStore> {
  return {
    async listPlans() {
      return (await db.query(`SELECT ${PLAN_COLUMNS} FROM plans ORDER BY id`)).rows.map(toPlan);
    },
    async getPlan(id) {
      const { rows } = await db.query(`SELECT ${PLAN_COLUMNS} FROM plans WHERE id = $1`, [id]);
      return rows[0] ? toPlan(rows[0]) : null;
    },
    async createPlan(p) {
      const now = Date.now();
      const { rows } = await db.query(
        `INSERT INTO plans (slug, name, daily_quota, rate_limit_per_minute, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${PLAN_COLUMNS}`,
        [p.slug, p.name, p.dailyQuota, p.rateLimitPerMinute, now],
        'plan with this slug',
      );
      return toPlan(rows[0]);
    },
    async updatePlan(id, patch) {
      const has = (k: keyof typeof patch) => patch[k] !== undefined;
      const { rows } = await db.query(
        `UPDATE plans SET slug = coalesce($2, slug), name = coalesce($3, name),
           daily_quota = CASE WHEN $4 THEN $5::bigint ELSE daily_quota END,
           rate_limit_per_minute = CASE WHEN $6 THEN $7::int ELSE rate_limit_per_minute END, updated_at = $8
         WHERE id = $1 RETURNING ${PLAN_COLUMNS}`,
        [id, patch.slug ?? null, patch.name ?? null, has('dailyQuota'), patch.dailyQuota ?? null, has('rateLimitPerMinute'), patch.rateLimitPerMinute ?? null, Date.now()],
        'plan with this slug',
      );
      return rows[0] ? toPlan(rows[0]) : null;
    },
    async listProjectQuotaSettings(ids) {
      const { rows } = await db.query(
        'SELECT project_id, plan_id, sampling FROM project_quotas WHERE $1::int[] IS NULL OR project_id = ANY($1) ORDER BY project_id',
        [ids],
      );
      return rows.map((r) => ({ projectId: r.project_id, planId: r.plan_id, sampling: r.sampling }));
    },
    async setProjectQuotaSettings(projectId, patch) {
      const { rows } = await db.query(
        `INSERT INTO project_quotas (project_id, plan_id, sampling) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (project_id) DO UPDATE SET
           plan_id = CASE WHEN $4 THEN excluded.plan_id ELSE project_quotas.plan_id END,
           sampling = CASE WHEN $5 THEN excluded.sampling ELSE project_quotas.sampling END
         RETURNING project_id, plan_id, sampling`,
        [projectId, patch.planId ?? null, patch.sampling ? JSON.stringify(patch.sampling) : null, patch.planId !== undefined, patch.sampling !== undefined],
      );
      const r = rows[0];
      return { projectId: r.project_id, planId: r.plan_id, sampling: r.sampling };
    },
    async usage(projectId, fromDay, toDay) {
      const { rows } = await db.query(
        `SELECT day, level, accepted, sampled_out, refused FROM project_usage
         WHERE project_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, level`,
        [projectId, fromDay, toDay],
      );
      return rows.map((r) => ({ day: r.day, level: LEVELS[r.level]!, accepted: Number(r.accepted), sampledOut: Number(r.sampled_out), refused: Number(r.refused) }));
    },
    async acceptedOn(projectId, day) {
      const { rows } = await db.query('SELECT coalesce(sum(accepted), 0) AS n FROM project_usage WHERE project_id = $1 AND day = $2', [projectId, day]);
      return Number(rows[0].n);
    },
    async addUsage(deltas) {
      if (deltas.length) await db.query(upsertUsageSql(1), usageParams(deltas));
    },
  };
}
