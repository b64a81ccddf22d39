/**
 * A project's usage per UTC day (accepted, sampled out, refused over quota) with its plan: what the usage
 * API and the dashboard's quota banner read. With sampling, accepted + sampled out is the true volume sent;
 * it is an estimate of what the application logged only in that the sampled-out logs were never stored.
 */
import type { Plan, SamplingRates, UsageRow } from '../store/quota-types.js';
import type { Level, Store } from '../store/types.js';
import { dayOf, dayString, msToMidnight } from './days.js';

export interface DayCounts {
  accepted: number;
  sampledOut: number;
  refused: number;
}

export interface DayUsage extends DayCounts {
  day: string;
  byLevel: Partial<Record<Level, DayCounts>>;
}

export interface UsageReport {
  plan: Plan;
  sampling: SamplingRates | null;
  /** Oldest first, one entry per day (zeros included), today last. */
  days: DayUsage[];
  today: { day: string; accepted: number; quota: number | null; remaining: number | null; resetAt: number };
}

function fold(rows: UsageRow[], fromDay: number, toDay: number): DayUsage[] {
  const days: DayUsage[] = [];
  for (let d = fromDay; d <= toDay; d++) days.push({ day: dayString(d), accepted: 0, sampledOut: 0, refused: 0, byLevel: {} });
  for (const r of rows) {
    const day = days[r.day - fromDay];
    if (!day) continue;
    day.accepted += r.accepted;
    day.sampledOut += r.sampledOut;
    day.refused += r.refused;
    day.byLevel[r.level] = { accepted: r.accepted, sampledOut: r.sampledOut, refused: r.refused };
  }
  return days;
}

export async function usageReport(
  store: Store,
  projectId: number,
  policy: { plan: Plan; sampling: SamplingRates | null },
  days: number,
  now: number,
): Promise<UsageReport> {
  const today = dayOf(now);
  const list = fold(await store.usage(projectId, today - days + 1, today), today - days + 1, today);
  const accepted = list[list.length - 1]!.accepted;
  const quota = policy.plan.dailyQuota;
  return {
    plan: policy.plan,
    sampling: policy.sampling,
    days: list,
    today: { day: dayString(today), accepted, quota, remaining: quota === null ? null : Math.max(0, quota - accepted), resetAt: now + msToMidnight(now) },
  };
}
