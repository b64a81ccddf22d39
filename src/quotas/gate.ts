/**
 * Admission of a batch's valid rows (issue 13): sampling first (sampled-out logs do not count against the
 * quota), then the daily quota. A batch that would cross the quota is accepted up to it, in order, and the
 * rest is refused entry by entry; once the quota is used up, whole requests are refused (429). Every
 * outcome is counted in the project's usage for the UTC day.
 */
import { AppError } from '../errors.js';
import type { UsageDelta } from '../store/quota-types.js';
import { LEVELS, type LogRow, type Project, type Store } from '../store/types.js';
import type { QuotaCounter } from './counter.js';
import { DAY_MS, dayOf, msToMidnight } from './days.js';
import type { Plans } from './plans.js';
import { sampleRows } from './sampling.js';

export interface DailyQuota {
  limit: number;
  used: number;
  /** Milliseconds to the next UTC midnight, when the quota starts again. */
  resetMs: number;
}

export interface Admission {
  /** The rows to store. */
  rows: LogRow[];
  sampledOut: number;
  /** Rows (of the admitted input) refused over quota, in input order. */
  refused: LogRow[];
  usage: UsageDelta[];
  /** Set when the project's plan has a quota. */
  quota: DailyQuota | null;
  /** Gives the reserved quota back (the commit failed, or was a duplicate). */
  release(): Promise<void>;
}

export interface GateOptions {
  now?: () => number;
  random?: () => number;
  /** Told when the quota counter fails; the batch is then admitted without a quota check. */
  onCounterError?: (err: Error) => void;
}

function countLevels(rows: LogRow[], from: number, to: number): number[] {
  const n = [0, 0, 0, 0, 0, 0];
  for (let i = from; i < to; i++) n[LEVELS.indexOf(rows[i]!.level)]!++;
  return n;
}

export class QuotaGate {
  readonly now: () => number;

  constructor(
    private readonly store: Store,
    readonly plans: Plans,
    private readonly counter: QuotaCounter,
    private readonly opts: GateOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  async admit(project: Project, rows: LogRow[]): Promise<Admission> {
    const now = this.now();
    const day = dayOf(now);
    const { plan, sampling } = await this.plans.policy(project.id, now);
    const sampled = sampling ? sampleRows(rows, sampling, this.opts.random) : null;
    const kept = sampled ? sampled.kept : rows;
    let granted = kept.length;
    let quota: DailyQuota | null = null;
    if (plan.dailyQuota !== null && kept.length > 0) {
      try {
        const r = await this.counter.reserve(project.id, day, kept.length, plan.dailyQuota, () => this.store.acceptedOn(project.id, day));
        granted = r.granted;
        quota = { limit: plan.dailyQuota, used: r.used, resetMs: msToMidnight(now) };
      } catch (err) {
        this.opts.onCounterError?.(err as Error);
      }
    }
    const accepted = countLevels(kept, 0, granted);
    const refused = countLevels(kept, granted, kept.length);
    const usage: UsageDelta[] = [];
    LEVELS.forEach((level, i) => {
      const sampledOut = sampled?.sampledOut[i] ?? 0;
      if (accepted[i]! + sampledOut + refused[i]!) usage.push({ projectId: project.id, day, level, accepted: accepted[i]!, sampledOut, refused: refused[i]! });
    });
    const reserved = quota ? granted : 0;
    return {
      rows: granted === kept.length ? kept : kept.slice(0, granted),
      sampledOut: rows.length - kept.length,
      refused: kept.slice(granted),
      usage,
      quota,
      release: () => (reserved ? this.counter.release(project.id, day, reserved) : Promise.resolve()),
    };
  }

  /** The 429 of a request with nothing left to store: its refused (and sampled-out) counts are kept first. */
  async refuseWhole(project: Project, admission: Admission): Promise<never> {
    await this.store.addUsage(admission.usage);
    const q = admission.quota!;
    throw new AppError(
      'QUOTA_EXCEEDED',
      `Project "${project.slug}" has used its ${q.limit} logs for today (UTC); it may send again at midnight UTC, after the Retry-After delay, or on a larger plan.`,
      quotaHeaders(q, true),
    );
  }
}

/** The daily policy in the IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers), beside the per-minute one. */
export function quotaHeaders(q: DailyQuota, refusing: boolean): Record<string, string> {
  const reset = Math.ceil(q.resetMs / 1000);
  const headers: Record<string, string> = {
    'RateLimit-Policy': `"daily";q=${q.limit};w=${DAY_MS / 1000}`,
    RateLimit: `"daily";r=${Math.max(0, q.limit - q.used)};t=${reset}`,
  };
  if (refusing) headers['Retry-After'] = String(Math.max(1, reset));
  return headers;
}
