/**
 * Alert rules as users see them: access (a user reads and changes the rules of the projects they own; admins
 * all), validation, mute, preview and the event history with its deliveries. Knows no HTTP; the routes are in
 * src/server/routes/alerts.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../errors.js';
import type { Projects } from '../projects/projects.js';
import type { AlertDelivery, AlertEvent, AlertGroupState, AlertRule, AlertRulePatch } from '../store/alerts-types.js';
import type { Project, Store, User } from '../store/types.js';
import { previewRule, type Preview } from './preview.js';
import { DEFAULT_INTERVAL_S, DEFAULT_REMINDER_S, checkCondition, checkName, type RuleInput } from './rule-input.js';

export interface RuleWithState extends AlertRule {
  states: AlertGroupState[];
}

export interface EventWithDeliveries extends AlertEvent {
  deliveries: AlertDelivery[];
}

const notFound = (id: string) => new AppError('NOT_FOUND', `No alert rule ${id} that you can access.`);

export class AlertRules {
  constructor(private readonly store: Store, private readonly projects: Projects, private readonly clock = () => Date.now()) {}

  private project(user: User, idOrSlug: string | number): Promise<Project> {
    return this.projects.get(user, String(idOrSlug));
  }

  private async withStates(rules: AlertRule[]): Promise<RuleWithState[]> {
    const states = await this.store.listAlertStates(rules.map((r) => r.id));
    return rules.map((r) => ({ ...r, states: states.filter((s) => s.ruleId === r.id) }));
  }

  /** The rule when the user may see its project; 404 otherwise (never reveals others' rules). */
  private async readable(user: User, id: string): Promise<AlertRule> {
    const rule = await this.store.getAlertRule(id);
    if (!rule) throw notFound(id);
    await this.project(user, rule.projectId).catch(() => Promise.reject(notFound(id)));
    return rule;
  }

  private async checkChannels(projectId: number, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      const c = await this.store.getAlertChannel(id);
      if (!c || c.projectId !== projectId) throw new AppError('UNKNOWN_ALERT_CHANNEL', `Channel ${id} is not a channel of this project; create it first (POST /api/alerts/channels).`);
    }
    return unique;
  }

  async list(user: User, project?: string): Promise<RuleWithState[]> {
    const ids = await this.projects.readableIds(user, project ? [project] : []);
    return this.withStates(await this.store.listAlertRules(ids));
  }

  async get(user: User, id: string): Promise<RuleWithState> {
    return (await this.withStates([await this.readable(user, id)]))[0]!;
  }

  async create(user: User, input: RuleInput): Promise<RuleWithState> {
    const project = await this.project(user, input.project_id);
    const rule = await this.store.createAlertRule({
      projectId: project.id,
      name: checkName(input.name),
      severity: input.severity,
      intervalS: input.interval_s ?? DEFAULT_INTERVAL_S,
      forS: input.for_s ?? 0,
      reminderS: input.reminder_s ?? DEFAULT_REMINDER_S,
      channelIds: await this.checkChannels(project.id, input.channel_ids ?? []),
      condition: checkCondition(input.condition),
      nextRunAt: this.clock(), // evaluated at the scheduler's next tick
    });
    return { ...rule, states: [] };
  }

  async update(user: User, id: string, input: Partial<Omit<RuleInput, 'project_id'>> & { enabled?: boolean }): Promise<RuleWithState> {
    const rule = await this.readable(user, id);
    const patch: AlertRulePatch = {};
    if (input.name !== undefined) patch.name = checkName(input.name);
    if (input.severity !== undefined) patch.severity = input.severity;
    if (input.interval_s !== undefined) patch.intervalS = input.interval_s;
    if (input.for_s !== undefined) patch.forS = input.for_s;
    if (input.reminder_s !== undefined) patch.reminderS = input.reminder_s;
    if (input.channel_ids !== undefined) patch.channelIds = await this.checkChannels(rule.projectId, input.channel_ids);
    if (input.condition !== undefined) {
      const condition = checkCondition(input.condition);
      // A new condition starts the states afresh; the same one sent again (a form saving every field, a rename)
      // keeps them: reset, a firing rule would fire and notify a second time for the same incident.
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(condition)), rule.condition)) patch.condition = condition;
    }
    if (input.enabled !== undefined) patch.enabled = input.enabled;
    // Re-enabled or its condition sent: evaluate at the next tick rather than after a whole interval.
    if (input.condition !== undefined || input.enabled === true) patch.nextRunAt = this.clock();
    const updated = await this.store.updateAlertRule(id, patch);
    if (!updated) throw notFound(id);
    return this.get(user, id);
  }

  async remove(user: User, id: string): Promise<void> {
    await this.readable(user, id);
    await this.store.deleteAlertRule(id);
  }

  /** Mutes until the time (or for the minutes); null unmutes. */
  async mute(user: User, id: string, until: number | null): Promise<RuleWithState> {
    await this.readable(user, id);
    if (until !== null && !(until > this.clock())) throw new AppError('VALIDATION_FAILED', 'until must be a time in the future');
    await this.store.updateAlertRule(id, { mutedUntil: until });
    return this.get(user, id);
  }

  async preview(user: User, input: RuleInput): Promise<Preview> {
    const project = await this.project(user, input.project_id);
    return previewRule(
      this.store,
      {
        projectId: project.id,
        intervalS: input.interval_s ?? DEFAULT_INTERVAL_S,
        forS: input.for_s ?? 0,
        reminderS: input.reminder_s ?? DEFAULT_REMINDER_S,
        condition: checkCondition(input.condition),
      },
      this.clock(),
    );
  }

  async events(user: User, q: { project?: string; ruleId?: string; limit: number; cursor?: string }): Promise<{ data: EventWithDeliveries[]; nextCursor: string | null }> {
    if (q.cursor !== undefined && !/^[1-9]\d{0,17}$/.test(q.cursor)) throw new AppError('INVALID_CURSOR', 'cursor must be the next_cursor of a previous page');
    let projectIds = await this.projects.readableIds(user, q.project ? [q.project] : []);
    if (q.ruleId !== undefined) {
      // Events outlive their rule: a deleted rule's history stays readable through its project.
      const rule = await this.store.getAlertRule(q.ruleId);
      if (rule) projectIds = projectIds.filter((p) => p === rule.projectId);
    }
    const page = await this.store.listAlertEvents({ projectIds, ruleId: q.ruleId, limit: q.limit + 1, beforeId: q.cursor });
    const data = page.slice(0, q.limit);
    const deliveries = data.length ? await this.store.listAlertDeliveries({ eventIds: data.map((e) => e.id), limit: 10_000 }) : [];
    return {
      data: data.map((e) => ({ ...e, deliveries: deliveries.filter((d) => d.eventId === e.id) })),
      nextCursor: page.length > q.limit ? data[data.length - 1]!.id : null,
    };
  }
}
