/** Plans, project quota settings and daily usage on SQLite (src/quotas; store types in quota-types.ts). */
import type Database from 'better-sqlite3';
import type { NewPlan, Plan, PlanPatch, ProjectQuotaSettings, SamplingRates, UsageDelta, UsageRow } from '../quota-types.js';
import { LEVELS, StoreConflictError } from '../types.js';
import { PLAN_COLUMNS, sumUsage, toPlan } from '../quota-rows.js';

function uniqueSlug<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StoreConflictError('plan with this slug');
    throw err;
  }
}

export function listPlans(db: Database.Database): Plan[] {
  return (db.prepare(`SELECT ${PLAN_COLUMNS} FROM plans ORDER BY id`).all() as Array<Record<string, unknown>>).map(toPlan);
}

export function getPlan(db: Database.Database, id: number): Plan | null {
  const r = db.prepare(`SELECT ${PLAN_COLUMNS} FROM plans WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  return r ? toPlan(r) : null;
}

export function createPlan(db: Database.Database, p: NewPlan): Plan {
  const now = Date.now();
  // .all(), not .get(): see accounts.ts on RETURNING and failed commits.
  const rows = uniqueSlug(() =>
    db.prepare(`INSERT INTO plans (slug, name, daily_quota, rate_limit_per_minute, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${PLAN_COLUMNS}`)
      .all(p.slug, p.name, p.dailyQuota, p.rateLimitPerMinute, now, now),
  ) as Array<Record<string, unknown>>;
  return toPlan(rows[0]!);
}

const PATCH_COLUMNS: Record<keyof PlanPatch, string> = {
  slug: 'slug',
  name: 'name',
  dailyQuota: 'daily_quota',
  rateLimitPerMinute: 'rate_limit_per_minute',
};

export function updatePlan(db: Database.Database, id: number, patch: PlanPatch): Plan | null {
  const keys = (Object.keys(PATCH_COLUMNS) as Array<keyof PlanPatch>).filter((k) => patch[k] !== undefined);
  const sets = [...keys.map((k) => `${PATCH_COLUMNS[k]} = ?`), 'updated_at = ?'];
  const rows = uniqueSlug(() =>
    db.prepare(`UPDATE plans SET ${sets.join(', ')} WHERE id = ? RETURNING ${PLAN_COLUMNS}`).all(...keys.map((k) => patch[k]), Date.now(), id),
  ) as Array<Record<string, unknown>>;
  return rows[0] ? toPlan(rows[0]) : null;
}

function toSettings(r: { project_id: number; plan_id: number | null; sampling: string | null }): ProjectQuotaSettings {
  return { projectId: r.project_id, planId: r.plan_id, sampling: r.sampling === null ? null : (JSON.parse(r.sampling) as SamplingRates) };
}

export function listProjectQuotaSettings(db: Database.Database, ids: number[] | null): ProjectQuotaSettings[] {
  const where = ids === null ? '' : `WHERE project_id IN (${ids.map(() => '?').join(',') || 'NULL'})`;
  const rows = db.prepare(`SELECT project_id, plan_id, sampling FROM project_quotas ${where} ORDER BY project_id`).all(...(ids ?? []));
  return (rows as Array<Parameters<typeof toSettings>[0]>).map(toSettings);
}

export function setProjectQuotaSettings(
  db: Database.Database,
  projectId: number,
  patch: { planId?: number | null; sampling?: SamplingRates | null },
): ProjectQuotaSettings {
  const sampling = patch.sampling === undefined ? undefined : patch.sampling === null ? null : JSON.stringify(patch.sampling);
  const rows = db
    .prepare(
      `INSERT INTO project_quotas (project_id, plan_id, sampling) VALUES (?, ?, ?)
       ON CONFLICT (project_id) DO UPDATE SET
         plan_id = CASE WHEN ? THEN excluded.plan_id ELSE plan_id END,
         sampling = CASE WHEN ? THEN excluded.sampling ELSE sampling END
       RETURNING project_id, plan_id, sampling`,
    )
    .all(projectId, patch.planId ?? null, sampling ?? null, patch.planId !== undefined ? 1 : 0, sampling !== undefined ? 1 : 0);
  return toSettings(rows[0] as Parameters<typeof toSettings>[0]);
}

export function usage(db: Database.Database, projectId: number, fromDay: number, toDay: number): UsageRow[] {
  const rows = db
    .prepare(
      `SELECT day, level, accepted, sampled_out, refused FROM project_usage
       WHERE project_id = ? AND day >= ? AND day <= ? ORDER BY day, level`,
    )
    .all(projectId, fromDay, toDay) as Array<{ day: number; level: number; accepted: number; sampled_out: number; refused: number }>;
  return rows.map((r) => ({ day: r.day, level: LEVELS[r.level]!, accepted: r.accepted, sampledOut: r.sampled_out, refused: r.refused }));
}

export function acceptedOn(db: Database.Database, projectId: number, day: number): number {
  const r = db.prepare('SELECT COALESCE(SUM(accepted), 0) AS n FROM project_usage WHERE project_id = ? AND day = ?').get(projectId, day) as { n: number };
  return r.n;
}

/** Accumulates the usage deltas of one commit and upserts one row per (project, day, level) (writer side). */
export class UsageWriter {
  private readonly upsert: Database.Statement;
  private pending: UsageDelta[] = [];

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO project_usage (project_id, day, level, accepted, sampled_out, refused) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, day, level) DO UPDATE SET accepted = accepted + excluded.accepted,
         sampled_out = sampled_out + excluded.sampled_out, refused = refused + excluded.refused`,
    );
  }

  add(deltas: UsageDelta[]): void {
    for (const d of deltas) this.pending.push(d);
  }

  /** Call inside the commit's transaction. */
  flush(): void {
    for (const row of sumUsage(this.pending)) this.upsert.run(row);
    this.pending = [];
  }

  discard(): void {
    this.pending = [];
  }
}
