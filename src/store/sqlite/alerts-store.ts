/** The alerting part of the SQLite store (alerts-types.ts), as class methods so the store maps their errors. */
import type {
  AlertChannelPatch,
  AlertEvaluationWrite,
  AlertEventQuery,
  AlertRulePatch,
  AlertStore,
  DeliveryAttempt,
  NewAlertChannel,
  NewAlertRule,
} from '../alerts-types.js';
import { sqliteAlertDeliveries } from './alert-deliveries.js';
import { sqliteAlertRules } from './alerts.js';
import { SqliteErrors } from './errors-store.js';

export class SqliteAlerts extends SqliteErrors implements AlertStore {
  private readonly rules: ReturnType<typeof sqliteAlertRules>;
  private readonly deliveries: ReturnType<typeof sqliteAlertDeliveries>;

  constructor(...args: ConstructorParameters<typeof SqliteErrors>) {
    super(...args);
    this.rules = sqliteAlertRules(this.db);
    this.deliveries = sqliteAlertDeliveries(this.db);
  }

  async listAlertRules(projectIds: number[]) {
    return this.rules.listAlertRules(projectIds);
  }
  async getAlertRule(id: string) {
    return this.rules.getAlertRule(id);
  }
  async createAlertRule(rule: NewAlertRule) {
    return this.rules.createAlertRule(rule);
  }
  async updateAlertRule(id: string, patch: AlertRulePatch) {
    return this.rules.updateAlertRule(id, patch);
  }
  async deleteAlertRule(id: string) {
    return this.rules.deleteAlertRule(id);
  }
  async dueAlertRules(now: number, limit: number) {
    return this.rules.dueAlertRules(now, limit);
  }
  async listAlertStates(ruleIds: string[]) {
    return this.rules.listAlertStates(ruleIds);
  }
  async commitAlertEvaluation(w: AlertEvaluationWrite) {
    return this.rules.commitAlertEvaluation(w);
  }
  async withAlertRuleLock<T>(ruleId: string, fn: () => Promise<T>) {
    return this.rules.withAlertRuleLock(ruleId, fn);
  }
  async listAlertEvents(q: AlertEventQuery) {
    return this.rules.listAlertEvents(q);
  }
  async getAlertEvent(id: string) {
    return this.rules.getAlertEvent(id);
  }
  async pruneAlertEvents(olderThan: number) {
    return this.rules.pruneAlertEvents(olderThan);
  }
  async listAlertChannels(projectIds: number[]) {
    return this.deliveries.listAlertChannels(projectIds);
  }
  async getAlertChannel(id: string) {
    return this.deliveries.getAlertChannel(id);
  }
  async createAlertChannel(channel: NewAlertChannel) {
    return this.deliveries.createAlertChannel(channel);
  }
  async updateAlertChannel(id: string, patch: AlertChannelPatch) {
    return this.deliveries.updateAlertChannel(id, patch);
  }
  async deleteAlertChannel(id: string) {
    return this.deliveries.deleteAlertChannel(id);
  }
  async claimAlertDeliveries(o: { now: number; workerId: string; leaseMs: number; limit: number }) {
    return this.deliveries.claimAlertDeliveries(o);
  }
  async recordDeliveryAttempt(id: string, workerId: string, attempt: DeliveryAttempt) {
    return this.deliveries.recordDeliveryAttempt(id, workerId, attempt);
  }
  async recordTestDelivery(channelId: string, attempt: Omit<DeliveryAttempt, 'nextAttemptAt'>) {
    return this.deliveries.recordTestDelivery(channelId, attempt);
  }
  async listAlertDeliveries(q: { eventIds?: string[]; channelId?: string; limit?: number }) {
    return this.deliveries.listAlertDeliveries(q);
  }
}
