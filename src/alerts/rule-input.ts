/**
 * Validates a rule as the API receives it (snake_case RuleInput, docs/alerts.md) beyond what the route schema
 * checks: the search query parses, the kind's required fields are there and consistent. Bad input is a 400
 * with a stable code and a sentence that says what to change.
 */
import { AppError } from '../errors.js';
import { parseQ } from '../query/params.js';
import type { AlertCondition, AlertSeverity } from '../store/alerts-types.js';

export interface RuleInput {
  project_id: string | number;
  name: string;
  severity: AlertSeverity;
  interval_s?: number;
  for_s?: number;
  reminder_s?: number;
  channel_ids?: string[];
  condition: AlertCondition;
}

export const DEFAULT_INTERVAL_S = 60;
export const DEFAULT_REMINDER_S = 3600;
/** Window of the error group conditions when none is given. */
export const DEFAULT_ERROR_WINDOW_S = 3600;
/** Window of the anomaly condition when none is given: the anomalies API's default hour. */
export const DEFAULT_ANOMALY_WINDOW_S = 3600;
/** The anomaly scan judges 5-minute buckets: a shorter window would hold no whole bucket. */
export const MIN_ANOMALY_WINDOW_S = 300;
const GROUP_BY = /^(service|environment|context\.[A-Za-z0-9_\-@$]+(\.[A-Za-z0-9_\-@$]+)*)$/;

const bad = (detail: string) => new AppError('INVALID_ALERT_RULE', detail);

function window(c: { window_s?: number }, what: string): void {
  const w = c.window_s;
  if (w === undefined) return;
  if (!Number.isInteger(w) || w < 60 || w > 86_400 || w % 60 !== 0) throw bad(`${what}: window_s must be whole minutes between 60 and 86400 seconds (got ${w})`);
}

/** Throws INVALID_ALERT_RULE / INVALID_QUERY; returns the condition with defaults filled in. */
export function checkCondition(c: AlertCondition): AlertCondition {
  switch (c.kind) {
    case 'query':
      parseQ(c.query);
      window(c, 'query condition');
      if (c.group_by !== undefined && !GROUP_BY.test(c.group_by)) {
        throw bad(`group_by must be "service", "environment" or "context.<path>" (got "${c.group_by}")`);
      }
      return c;
    case 'error_group':
      window(c, 'error_group condition');
      if (c.event === 'frequency' && (c.threshold === undefined || c.threshold < 0)) {
        throw bad('an error_group condition with event "frequency" needs a threshold: the number of events in the window to exceed');
      }
      return { ...c, window_s: c.window_s ?? DEFAULT_ERROR_WINDOW_S };
    case 'error_rate':
    case 'latency': {
      window(c, `${c.kind} condition`);
      const fixed = c.kind === 'error_rate' ? c.threshold_pct : c.threshold_ms;
      const fixedName = c.kind === 'error_rate' ? 'threshold_pct' : 'threshold_ms';
      if ((fixed === undefined) === (c.baseline_sigma === undefined)) {
        throw bad(`a ${c.kind} condition needs exactly one of ${fixedName} (a fixed threshold) or baseline_sigma (k standard deviations above the previous 24 h)`);
      }
      return c;
    }
    case 'silence':
      window(c, 'silence condition');
      return c;
    case 'anomaly': {
      const w = c.window_s ?? DEFAULT_ANOMALY_WINDOW_S;
      if (!Number.isInteger(w) || w < MIN_ANOMALY_WINDOW_S || w > 86_400 || w % 60 !== 0) {
        throw bad(`anomaly condition: window_s must be whole minutes between ${MIN_ANOMALY_WINDOW_S} and 86400 seconds (anomalies are judged in 5-minute buckets; got ${w})`);
      }
      if (c.metric !== undefined && c.metric !== 'volume' && c.metric !== 'error_rate') {
        throw bad(`anomaly condition: metric must be "volume" or "error_rate", or absent for both (got "${String(c.metric)}")`);
      }
      if (c.service !== undefined && !c.service.trim()) throw bad('anomaly condition: service must not be blank; leave it out to watch every service');
      return { ...c, window_s: w };
    }
    default:
      throw bad(`unknown condition kind "${(c as { kind: string }).kind}"`);
  }
}

export function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw new AppError('VALIDATION_FAILED', 'name must not be empty');
  return n;
}
