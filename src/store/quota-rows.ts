/** Rows of the quota tables as both stores read and write them (plans; usage counts per project, day and level). */
import type { Plan, UsageDelta } from './quota-types.js';
import { LEVELS } from './types.js';

export const PLAN_COLUMNS = 'id, slug, name, daily_quota, rate_limit_per_minute, created_at, updated_at';

/** A plans row; bigint columns arrive as strings from PostgreSQL, as numbers from SQLite. */
export function toPlan(r: Record<string, unknown>): Plan {
  return {
    id: r.id as number,
    slug: r.slug as string,
    name: r.name as string,
    dailyQuota: r.daily_quota === null ? null : Number(r.daily_quota),
    rateLimitPerMinute: r.rate_limit_per_minute as number | null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** One usage row's values: project, day, level index, accepted, sampled out, refused. */
export type UsageTuple = [number, number, number, number, number, number];

/**
 * Usage deltas summed per (project, day, level), sorted: a statement may not update a row twice, and
 * concurrent commits then lock shared rows in the same order.
 */
export function sumUsage(deltas: UsageDelta[]): UsageTuple[] {
  const acc = new Map<string, UsageTuple>();
  for (const d of deltas) {
    const level = LEVELS.indexOf(d.level);
    const key = `${d.projectId}:${d.day}:${level}`;
    const a = acc.get(key);
    if (a) {
      a[3] += d.accepted;
      a[4] += d.sampledOut;
      a[5] += d.refused;
    } else acc.set(key, [d.projectId, d.day, level, d.accepted, d.sampledOut, d.refused]);
  }
  return [...acc.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
}
