/**
 * Plans and what a project draws from them: the daily quota, the rate limit per minute and the sampling.
 * Admins manage plans and assign them; a project without a plan follows the server's default plan
 * (DEVSMITH_DEFAULT_PLAN, Enterprise unless configured, so an upgrade limits nobody). The ingest path asks
 * `policy()` on every request: answers are cached for a few seconds (a change made on another instance
 * applies within that time; on this one at once).
 */
import { AppError } from '../errors.js';
import type { NewPlan, Plan, PlanPatch, ProjectQuotaSettings, SamplingRates } from '../store/quota-types.js';
import { MAX_ROW_ID, StoreConflictError, type Store, type User } from '../store/types.js';

export interface QuotaPolicy {
  plan: Plan;
  sampling: SamplingRates | null;
}

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

function admin(user: User): void {
  if (user.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin can manage plans.');
}

function checkPlanInput<T extends PlanPatch>(input: T): T {
  if (input.slug !== undefined && !SLUG_RE.test(input.slug)) {
    throw new AppError('VALIDATION_FAILED', 'slug must be 1-32 lowercase letters, digits or dashes, not starting or ending with a dash.');
  }
  if (input.name !== undefined && !input.name.trim()) throw new AppError('VALIDATION_FAILED', 'name must not be empty.');
  return { ...input, ...(input.name !== undefined ? { name: input.name.trim() } : {}) };
}

export class Plans {
  private readonly cache = new Map<number, { policy: QuotaPolicy; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly defaultSlug: string,
    private readonly ttlMs = 5_000,
  ) {}

  list(): Promise<Plan[]> {
    return this.store.listPlans();
  }

  /** The default plan; throws at start (services) when DEVSMITH_DEFAULT_PLAN names no plan. */
  async defaultPlan(): Promise<Plan> {
    const plan = (await this.store.listPlans()).find((p) => p.slug === this.defaultSlug);
    if (!plan) throw new Error(`DEVSMITH_DEFAULT_PLAN: no plan "${this.defaultSlug}" (plans: ${(await this.store.listPlans()).map((p) => p.slug).join(', ')})`);
    return plan;
  }

  async create(user: User, input: NewPlan): Promise<Plan> {
    admin(user);
    try {
      return await this.store.createPlan(checkPlanInput(input));
    } catch (err) {
      if (err instanceof StoreConflictError) throw new AppError('CONFLICT', `A plan with the slug "${input.slug}" already exists.`);
      throw err;
    }
  }

  async update(user: User, id: number, patch: PlanPatch): Promise<Plan> {
    admin(user);
    let plan: Plan | null;
    try {
      plan = id <= MAX_ROW_ID ? await this.store.updatePlan(id, checkPlanInput(patch)) : null;
    } catch (err) {
      if (err instanceof StoreConflictError) throw new AppError('CONFLICT', `A plan with the slug "${patch.slug}" already exists.`);
      throw err;
    }
    if (!plan) throw new AppError('NOT_FOUND', `No plan ${id}.`);
    this.cache.clear();
    return plan;
  }

  /** Plan and sampling of each project (the default plan's id when none is set). */
  async settings(projectIds: number[]): Promise<Map<number, ProjectQuotaSettings>> {
    const rows = await this.store.listProjectQuotaSettings(projectIds);
    return new Map(rows.map((r) => [r.projectId, r]));
  }

  /** PATCH of a project's plan_id (admins only) and sampling (anyone who may change the project). */
  async setForProject(user: User, projectId: number, patch: { planId?: number | null; sampling?: SamplingRates | null }): Promise<ProjectQuotaSettings> {
    if (patch.planId !== undefined) {
      if (user.role !== 'admin') throw new AppError('FORBIDDEN', "Only an admin can change a project's plan.");
      if (patch.planId !== null && (patch.planId > MAX_ROW_ID || !(await this.store.getPlan(patch.planId)))) {
        throw new AppError('VALIDATION_FAILED', `plan_id: no plan ${patch.planId} (GET /api/plans lists them).`);
      }
    }
    const settings = await this.store.setProjectQuotaSettings(projectId, patch);
    this.cache.delete(projectId);
    return settings;
  }

  async policy(projectId: number, now = Date.now()): Promise<QuotaPolicy> {
    const hit = this.cache.get(projectId);
    if (hit && hit.until > now) return hit.policy;
    const [settings] = await this.store.listProjectQuotaSettings([projectId]);
    const plan = (settings?.planId != null ? await this.store.getPlan(settings.planId) : null) ?? (await this.defaultPlan());
    const policy = { plan, sampling: settings?.sampling ?? null };
    this.cache.set(projectId, { policy, until: now + this.ttlMs });
    return policy;
  }
}
