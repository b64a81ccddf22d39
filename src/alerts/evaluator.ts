/**
 * One evaluation of one rule at `now`: measure the condition, step each group's state machine, and commit the
 * new states with their events (and pending deliveries) in one transaction, guarded by the rule's nextRunAt so
 * that a run is committed once even when two instances evaluated it. A muted rule keeps its states and history
 * but its events get no deliveries (and it sends no reminders).
 */
import type { AlertEvaluationResult, AlertGroupState, AlertRule, AlertSampleLine, NewAlertEvent } from '../store/alerts-types.js';
import type { LogFilter, Project, Store } from '../store/types.js';
import { measure, type Measurement } from './measure.js';
import { step } from './state-machine.js';

export const SAMPLE_LINES = 5;

export interface EvaluationOutcome extends AlertEvaluationResult {
  measurements: Measurement[];
}

/** The explorer showing the logs behind a measurement: its query over the window that was measured. */
export function logsUrl(publicUrl: string, project: Pick<Project, 'slug'>, q: string, from: number, to: number): string {
  const params = new URLSearchParams({ project: project.slug });
  if (q) params.set('q', q);
  params.set('from', new Date(from).toISOString());
  params.set('to', new Date(to).toISOString());
  return `${publicUrl}/explore?${params.toString()}`;
}

export function windowOf(rule: Pick<AlertRule, 'condition'>): number {
  const c = rule.condition;
  return ('window_s' in c && c.window_s ? c.window_s : 3600) * 1000;
}

async function sampleOf(store: Store, filter: LogFilter | null): Promise<AlertSampleLine[]> {
  if (!filter) return [];
  const page = await store.queryLogs({ ...filter, limit: SAMPLE_LINES });
  return page.data.map((l) => ({ timestamp: l.timestamp, level: l.level, service: l.service, message: l.message.slice(0, 1000) }));
}

/** The next run: on the rule's cadence, never in the past (a server that was down does not catch up run by run). */
export function nextRunOf(rule: Pick<AlertRule, 'nextRunAt' | 'intervalS'>, now: number): number {
  const next = rule.nextRunAt + rule.intervalS * 1000;
  return next > now ? next : now + rule.intervalS * 1000;
}

export async function evaluateRule(store: Store, publicUrl: string, rule: AlertRule, now: number): Promise<EvaluationOutcome> {
  const project = await store.getProject(rule.projectId);
  if (!project) return { committed: false, eventIds: [], measurements: [] };
  const prev = new Map((await store.listAlertStates([rule.id])).map((s) => [s.groupKey, s]));
  const measurements = await measure({ store, projectId: rule.projectId, now, knownGroups: [...prev.keys()] }, rule.condition);
  const muted = rule.mutedUntil !== null && rule.mutedUntil > now;
  const states: AlertGroupState[] = [];
  const removeGroupKeys: string[] = [];
  const events: Array<{ event: NewAlertEvent; channelIds: string[] }> = [];
  for (const m of measurements) {
    const before = prev.get(m.group);
    const { next, event } = step(before, m.breached, m.value, rule, now);
    if (next.state === 'ok' && m.group !== '') {
      if (before) removeGroupKeys.push(m.group); // a group back to normal needs no row
    } else states.push({ ...next, ruleId: rule.id, groupKey: m.group });
    if (!event || (muted && event === 'reminder')) continue;
    const summary = event === 'resolved' ? `Resolved: ${m.summary}` : event === 'reminder' ? `Still firing: ${m.summary}` : m.summary;
    events.push({
      event: {
        ruleId: rule.id,
        ruleName: rule.name,
        projectId: rule.projectId,
        groupKey: m.group === '' ? null : m.group,
        kind: event,
        severity: rule.severity,
        at: now,
        value: m.value,
        threshold: m.threshold,
        summary,
        logsUrl: logsUrl(publicUrl, project, m.q, now - windowOf(rule), now),
        sample: event === 'resolved' ? [] : await sampleOf(store, m.sampleFilter),
      },
      channelIds: muted ? [] : rule.channelIds,
    });
  }
  const result = await store.commitAlertEvaluation({
    ruleId: rule.id,
    expectNextRunAt: rule.nextRunAt,
    evaluatedAt: now,
    nextRunAt: nextRunOf(rule, now),
    states,
    removeGroupKeys,
    events,
  });
  return { ...result, measurements };
}
