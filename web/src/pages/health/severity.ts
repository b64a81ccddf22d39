/**
 * The overview's order: the project that needs a look comes first. Pure, so the rule is tested
 * without a browser; SEVERITY_RULE says the same in words for the page's tooltip.
 *
 * 1. active projects before inactive ones;
 * 2. a project whose errors are rising (see service-status.ts);
 * 3. more services whose latency regressed (p95 over the last hour up more than the threshold);
 * 4. the higher error rate over the last hour, then more errors in the last hour;
 * 5. more silent services;
 * 6. more logs over 24 h (a busy project matters to more people);
 * 7. name, so equal projects keep a stable place. A project still loading sorts after those with data.
 */
import { SEVERITY, worstStatus, type ServiceStatus } from './service-status';

export const SEVERITY_RULE =
  'Most urgent first: errors rising, then latency regressions (p95 of the last hour up against the hour before), ' +
  'then the error rate over the last hour, then errors in the last hour, ' +
  'then silent services, then log volume over 24 h. Inactive projects come last.';

export interface ProjectVitals {
  hourTotal: number;
  hourErrors: number;
  dayTotal: number;
  statuses: ServiceStatus[];
}

export interface RankedProject {
  name: string;
  active: boolean;
  vitals?: ProjectVitals;
}

const rate = (v: ProjectVitals) => (v.hourTotal > 0 ? v.hourErrors / v.hourTotal : 0);
const silent = (v: ProjectVitals) => v.statuses.filter((s) => s === 'silent').length;
const rising = (v: ProjectVitals) => (worstStatus(v.statuses) === 'errors-rising' ? 1 : 0);
const slower = (v: ProjectVitals) => v.statuses.filter((s) => s === 'latency-regression').length;

/** Array.sort comparator: negative when `a` is more urgent than `b`. */
export function compareSeverity(a: RankedProject, b: RankedProject): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  if (a.vitals && b.vitals) {
    const keys = [rising, slower, rate, (v: ProjectVitals) => v.hourErrors, silent, (v: ProjectVitals) => v.dayTotal];
    for (const key of keys) {
      const diff = key(b.vitals) - key(a.vitals);
      if (diff !== 0) return diff;
    }
  } else if (a.vitals || b.vitals) {
    return a.vitals ? -1 : 1;
  }
  return a.name.localeCompare(b.name);
}

export interface RankedService {
  service: string;
  status: ServiceStatus;
  errors24h: number;
  logs24h: number;
}

/** The services of one card in the same spirit: worst status first, then more errors, more logs, then the name. */
export function compareServices(a: RankedService, b: RankedService): number {
  return (
    SEVERITY[b.status] - SEVERITY[a.status] || b.errors24h - a.errors24h || b.logs24h - a.logs24h || a.service.localeCompare(b.service)
  );
}

/** A copy of `projects`, most urgent first. */
export function sortBySeverity<T extends RankedProject>(projects: readonly T[]): T[] {
  return [...projects].sort(compareSeverity);
}
