/**
 * The state of one alert group: ok -> pending (while the condition has held for less than `for`) -> firing ->
 * back to ok with a 'resolved' event. One incident = one 'firing' event; while it lasts, a 'reminder' event
 * every `reminder_s` (0: never). Pure: the evaluator and the preview share it.
 */
import type { AlertEventKind, AlertGroupState } from '../store/alerts-types.js';

export interface StepRule {
  forS: number;
  reminderS: number;
}

export interface StepResult {
  next: Omit<AlertGroupState, 'ruleId' | 'groupKey'>;
  event: AlertEventKind | null;
}

type Prev = Omit<AlertGroupState, 'ruleId' | 'groupKey'> | undefined;

export function step(prev: Prev, breached: boolean, value: number | null, rule: StepRule, now: number): StepResult {
  const state = prev?.state ?? 'ok';
  if (!breached) {
    const next = { state: 'ok' as const, since: state === 'ok' && prev ? prev.since : now, pendingSince: null, lastValue: value, lastNotifiedAt: prev?.lastNotifiedAt ?? null };
    return { next, event: state === 'firing' ? 'resolved' : null };
  }
  if (state === 'firing') {
    const last = prev!.lastNotifiedAt ?? prev!.since;
    const remind = rule.reminderS > 0 && now - last >= rule.reminderS * 1000;
    return { next: { ...prev!, lastValue: value, lastNotifiedAt: remind ? now : prev!.lastNotifiedAt }, event: remind ? 'reminder' : null };
  }
  const pendingSince = state === 'pending' ? (prev!.pendingSince ?? now) : now;
  if (now - pendingSince >= rule.forS * 1000) {
    return { next: { state: 'firing', since: now, pendingSince: null, lastValue: value, lastNotifiedAt: now }, event: 'firing' };
  }
  return { next: { state: 'pending', since: pendingSince, pendingSince, lastValue: value, lastNotifiedAt: prev?.lastNotifiedAt ?? null }, event: null };
}
