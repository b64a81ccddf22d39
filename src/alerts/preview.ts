/**
 * "Would have fired 3 times": the rule evaluated over the last 24 h at its interval, as if it had existed,
 * with the states kept in memory. Reads only; writes nothing.
 */
import type { AlertCondition, AlertGroupState } from '../store/alerts-types.js';
import type { Store } from '../store/types.js';
import { bucketOf } from '../insights/anomalies/index.js';
import { measure } from './measure.js';
import { step } from './state-machine.js';

const DAY_MS = 86_400_000;
/** Evaluations at most (a 60 s interval over 24 h). */
const MAX_EVALUATIONS = 1440;

export interface PreviewRule {
  projectId: number;
  intervalS: number;
  forS: number;
  reminderS: number;
  condition: AlertCondition;
}

export interface Preview {
  fired: number;
  evaluations: number;
  from: number;
  to: number;
  points: Array<{ at: number; value: number | null; threshold: number | null; state: AlertGroupState['state'] }>;
  firings: Array<{ at: number; resolvedAt: number | null; group: string | null; value: number | null }>;
}

const RANK = { ok: 0, pending: 1, firing: 2 } as const;

/**
 * The anomaly kind judges whole buckets (5 minutes for windows up to a day): between two bucket edges every
 * evaluation sees the same buckets, so the preview steps by at least a bucket (288 scans, not 1440).
 */
function minStepMs(c: AlertCondition): number {
  return c.kind === 'anomaly' ? bucketOf((c.window_s ?? 3600) * 1000) : DAY_MS / MAX_EVALUATIONS;
}

export async function previewRule(store: Store, rule: PreviewRule, now: number): Promise<Preview> {
  const stepMs = Math.max(rule.intervalS * 1000, minStepMs(rule.condition));
  const from = now - DAY_MS;
  const states = new Map<string, Omit<AlertGroupState, 'ruleId' | 'groupKey'>>();
  const open = new Map<string, Preview['firings'][number]>();
  const out: Preview = { fired: 0, evaluations: 0, from, to: now, points: [], firings: [] };
  for (let at = from + stepMs; at <= now; at += stepMs) {
    out.evaluations++;
    const ms = await measure({ store, projectId: rule.projectId, now: at, knownGroups: [...states.keys()] }, rule.condition);
    let point: Preview['points'][number] = { at, value: null, threshold: null, state: 'ok' };
    for (const m of ms) {
      const { next, event } = step(states.get(m.group), m.breached, m.value, rule, at);
      states.set(m.group, next);
      if (event === 'firing') {
        const f = { at, resolvedAt: null, group: m.group === '' ? null : m.group, value: m.value };
        out.firings.push(f);
        open.set(m.group, f);
        out.fired++;
      } else if (event === 'resolved') {
        const f = open.get(m.group);
        if (f) f.resolvedAt = at;
        open.delete(m.group);
      }
      // The point shows the worst group (then the highest value): what a chart of the rule should show.
      const worse = RANK[next.state] > RANK[point.state] || (RANK[next.state] === RANK[point.state] && (m.value ?? -Infinity) > (point.value ?? -Infinity));
      if (worse) point = { at, value: m.value, threshold: m.threshold, state: next.state };
    }
    out.points.push(point);
  }
  return out;
}
