/**
 * The plan form's pure parts: text fields → the API's body, "unlimited" for null limits, and which field an
 * API problem is about (the server answers problem+json with a message that names the field, e.g.
 * "body /daily_quota must be >= 1" or "A plan with the slug "free" already exists.").
 */
import type { Plan, PlanInput } from '../../api/plans';

export interface PlanForm {
  name: string;
  slug: string;
  dailyQuota: string;
  rateLimit: string;
}

export type PlanField = keyof PlanForm;

/** The API's name of each form field. */
export const PLAN_API_FIELDS: Record<PlanField, string> = {
  name: 'name',
  slug: 'slug',
  dailyQuota: 'daily_quota',
  rateLimit: 'rate_limit_per_minute',
};

/** A problem with one field, found before or after asking the API. */
export class FieldProblem<F extends string = string> extends Error {
  constructor(
    readonly field: F,
    message: string,
  ) {
    super(message);
  }
}

export const emptyPlanForm = (): PlanForm => ({ name: '', slug: '', dailyQuota: '', rateLimit: '' });

export function planFormOf(plan: Plan): PlanForm {
  return {
    name: plan.name,
    slug: plan.slug,
    dailyQuota: plan.daily_quota?.toString() ?? '',
    rateLimit: plan.rate_limit_per_minute?.toString() ?? '',
  };
}

/**
 * Empty means null (unlimited, or the server default); anything else must read as a number. Its range is the
 * API's to check, so the message next to the field is the server's own. NaN is refused here because
 * JSON.stringify would send it as null, i.e. as "unlimited".
 */
function limit(text: string, field: PlanField, label: string): number | null {
  const t = text.trim().replace(/[,_\s]/g, '');
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n)) throw new FieldProblem(field, `${label} must be a number, or empty.`);
  return n;
}

export function planInputOf(form: PlanForm): PlanInput {
  return {
    name: form.name.trim(),
    slug: form.slug.trim(),
    daily_quota: limit(form.dailyQuota, 'dailyQuota', 'The daily quota'),
    rate_limit_per_minute: limit(form.rateLimit, 'rateLimit', 'The rate limit'),
  };
}

/** Only the fields that changed, so a PATCH leaves the others as they are. */
export function planPatchOf(plan: Plan, form: PlanForm): Partial<PlanInput> {
  const next = planInputOf(form);
  const patch: Partial<PlanInput> = {};
  if (next.name !== plan.name) patch.name = next.name;
  if (next.slug !== plan.slug) patch.slug = next.slug;
  if (next.daily_quota !== plan.daily_quota) patch.daily_quota = next.daily_quota;
  if (next.rate_limit_per_minute !== plan.rate_limit_per_minute) patch.rate_limit_per_minute = next.rate_limit_per_minute;
  return patch;
}

/**
 * The field (among `fields`, form name → API name) that an API error message names first, or null. A name
 * counts when it stands alone: after a start, a space, a slash or a quote, and before a non-word character.
 */
export function fieldOfProblem<F extends string>(message: string, fields: Record<F, string>): F | null {
  let best: { field: F; at: number } | null = null;
  for (const [field, apiName] of Object.entries(fields) as Array<[F, string]>) {
    const match = new RegExp(`(?:^|[\\s/'"])${apiName}(?![\\w])`).exec(message);
    if (match && (best === null || match.index < best.at)) best = { field, at: match.index };
  }
  return best?.field ?? null;
}

/** "5,000 logs", "unlimited". */
export function formatLimit(n: number | null, unit: string): string {
  return n === null ? 'unlimited' : `${n.toLocaleString('en-US')} ${unit}`;
}

/** "600 / min", or "server default" for null. */
export function formatRate(n: number | null): string {
  return n === null ? 'server default' : `${n.toLocaleString('en-US')} / min`;
}

/** One line for a plan in a select: "Team: 5,000 logs/day, 60 requests/min". */
export function planSummary(plan: Plan): string {
  const quota = plan.daily_quota === null ? 'unlimited logs' : `${plan.daily_quota.toLocaleString('en-US')} logs/day`;
  const rate = plan.rate_limit_per_minute === null ? 'server default rate' : `${plan.rate_limit_per_minute.toLocaleString('en-US')} requests/min`;
  return `${plan.name}: ${quota}, ${rate}`;
}
