/**
 * Store types for plans, daily usage and per-project sampling (issue 13). Part of the Store interface
 * (types.ts), implemented by both backends and checked by the contract suite (contract/quotas.ts).
 */
import type { Level } from './types.js';

export interface Plan {
  id: number;
  slug: string;
  name: string;
  /** Logs accepted per UTC day; null is unlimited. */
  dailyQuota: number | null;
  /** Ingest requests per minute; null is the server default (DEVSMITH_RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewPlan = Pick<Plan, 'slug' | 'name' | 'dailyQuota' | 'rateLimitPerMinute'>;
export type PlanPatch = Partial<NewPlan>;

/** Keep rates (0..1) by level; a level not named is kept whole. */
export type SamplingRates = Partial<Record<Level, number>>;

/** A project's plan and sampling; planId null means the server's default plan. */
export interface ProjectQuotaSettings {
  projectId: number;
  planId: number | null;
  sampling: SamplingRates | null;
}

/** Counts to add to one project's usage of one UTC day for one level. */
export interface UsageDelta {
  projectId: number;
  /** UTC day number: floor(epoch ms / 86,400,000). */
  day: number;
  level: Level;
  accepted: number;
  sampledOut: number;
  refused: number;
}

export type UsageRow = Omit<UsageDelta, 'projectId'>;

export interface QuotaStore {
  listPlans(): Promise<Plan[]>;
  getPlan(id: number): Promise<Plan | null>;
  createPlan(plan: NewPlan): Promise<Plan>; // StoreConflictError on a taken slug
  updatePlan(id: number, patch: PlanPatch): Promise<Plan | null>; // StoreConflictError on a taken slug
  /** Settings of the given projects (every project when `projectIds` is null); projects never set are absent. */
  listProjectQuotaSettings(projectIds: number[] | null): Promise<ProjectQuotaSettings[]>;
  /** Sets what the patch names (undefined leaves a field unchanged). */
  setProjectQuotaSettings(projectId: number, patch: { planId?: number | null; sampling?: SamplingRates | null }): Promise<ProjectQuotaSettings>;
  /** Usage rows of a project for days in [fromDay, toDay], by day then level. */
  usage(projectId: number, fromDay: number, toDay: number): Promise<UsageRow[]>;
  /** Logs accepted for the project on that day (all levels): what a quota counter starts from. */
  acceptedOn(projectId: number, day: number): Promise<number>;
  /** Adds counts outside any log commit (a request refused whole); commits go through WriteBatch.usage. */
  addUsage(deltas: UsageDelta[]): Promise<void>;
}
