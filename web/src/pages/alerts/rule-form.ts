/**
 * The rule editor's state: what the inputs hold (text, in minutes) and its translation to and from the API's
 * RuleInput (seconds). Pure, so every rule kind's round trip and every refusal is unit tested.
 */
import type { CompareOp, Condition, ConditionKind, Rule, RuleInput, Severity } from '../../api/alerts';

export interface RuleForm {
  name: string;
  severity: Severity;
  kind: ConditionKind;
  /** Minutes, as typed. */
  interval: string;
  forDuration: string;
  reminder: string;
  window: string;
  channelIds: string[];
  // query
  query: string;
  op: CompareOp;
  threshold: string;
  groupBy: string;
  // error_group
  event: 'new' | 'regression' | 'frequency';
  // error_rate / latency / silence / error_group
  service: string;
  route: string;
  /** error_rate and latency: a fixed threshold or k standard deviations above the baseline. */
  mode: 'threshold' | 'baseline';
  sigma: string;
  percentile: '50' | '90' | '95' | '99';
  /** anomaly: '' watches volume and error rate. */
  metric: '' | 'volume' | 'error_rate';
}

export const KINDS: ReadonlyArray<{ id: ConditionKind; label: string; hint: string }> = [
  { id: 'query', label: 'Log query', hint: 'Count logs matching a query in a window' },
  { id: 'error_group', label: 'Error groups', hint: 'A new group, a regression or a group over N events' },
  { id: 'error_rate', label: 'Error rate', hint: 'Error % of a service or route' },
  { id: 'latency', label: 'Latency', hint: 'A percentile of a service or route' },
  { id: 'silence', label: 'Silence', hint: 'A service or the project sends nothing' },
  { id: 'anomaly', label: 'Anomaly', hint: 'A spike, drop or level shift against the usual volume or error rate' },
];

/** The anomaly scan judges 5-minute buckets: its window is 5 minutes to a day, an hour unless changed. */
const ANOMALY_WINDOW_MIN = 5;
const ANOMALY_DEFAULT_WINDOW = '60';

/** The form after picking a kind: the anomaly kind starts on its hour window when the window was untouched. */
export function withKind(form: RuleForm, kind: ConditionKind): RuleForm {
  const untouched = form.window === emptyRuleForm().window;
  return { ...form, kind, ...(kind === 'anomaly' && untouched ? { window: ANOMALY_DEFAULT_WINDOW } : {}) };
}

export function emptyRuleForm(): RuleForm {
  return {
    name: '',
    severity: 'warning',
    kind: 'query',
    interval: '1',
    forDuration: '0',
    reminder: '60',
    window: '5',
    channelIds: [],
    query: 'level:error',
    op: '>',
    threshold: '100',
    groupBy: '',
    event: 'new',
    service: '',
    route: '',
    mode: 'threshold',
    sigma: '3',
    percentile: '95',
    metric: '',
  };
}

const minutes = (seconds: number | undefined, fallback: string) => (seconds === undefined ? fallback : String(seconds / 60));

/** The form of a saved rule, for editing. */
export function ruleFormOf(rule: Rule): RuleForm {
  const form: RuleForm = {
    ...emptyRuleForm(),
    name: rule.name,
    severity: rule.severity,
    kind: rule.condition.kind,
    interval: minutes(rule.interval_s, '1'),
    forDuration: minutes(rule.for_s, '0'),
    reminder: minutes(rule.reminder_s, '60'),
    channelIds: [...rule.channel_ids],
  };
  const c = rule.condition;
  if ('window_s' in c) form.window = minutes(c.window_s, form.window);
  if ('service' in c) form.service = c.service ?? '';
  if ('route' in c) form.route = c.route ?? '';
  if (c.kind === 'query') Object.assign(form, { query: c.query, op: c.op, threshold: String(c.threshold), groupBy: c.group_by ?? '' });
  if (c.kind === 'anomaly') Object.assign(form, { metric: c.metric ?? '', window: minutes(c.window_s, ANOMALY_DEFAULT_WINDOW) });
  if (c.kind === 'error_group') Object.assign(form, { event: c.event, threshold: String(c.threshold ?? form.threshold) });
  if (c.kind === 'error_rate' || c.kind === 'latency') {
    const fixed = c.kind === 'error_rate' ? c.threshold_pct : c.threshold_ms;
    form.mode = c.baseline_sigma !== undefined ? 'baseline' : 'threshold';
    if (fixed !== undefined) form.threshold = String(fixed);
    if (c.baseline_sigma !== undefined) form.sigma = String(c.baseline_sigma);
    if (c.kind === 'latency') form.percentile = String(c.percentile) as RuleForm['percentile'];
  }
  return form;
}

export class FormProblem extends Error {
  constructor(readonly field: keyof RuleForm, message: string) {
    super(message);
  }
}

function number(form: RuleForm, field: keyof RuleForm, label: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = String(form[field]).trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new FormProblem(field, `${label} must be a number.`);
  if (value < min || value > max) throw new FormProblem(field, `${label} must be between ${min} and ${max}.`);
  return value;
}

/** Minutes typed → whole seconds, within the API's bounds. */
function seconds(form: RuleForm, field: keyof RuleForm, label: string, minS: number, maxS: number): number {
  return Math.round(number(form, field, label, minS / 60, maxS / 60) * 60);
}

const optional = (text: string) => (text.trim() ? text.trim() : undefined);

function conditionOf(form: RuleForm): Condition {
  const window_s = (minS = 60) => {
    const s = seconds(form, 'window', 'The window', minS, 86_400);
    // The server counts windows in whole minutes (its per-minute aggregates).
    if (s % 60 !== 0) throw new FormProblem('window', 'The window is a whole number of minutes.');
    return s;
  };
  const service = optional(form.service);
  const route = optional(form.route);
  switch (form.kind) {
    case 'query': {
      const groupBy = optional(form.groupBy);
      if (groupBy && !/^(service|environment|context\.[\w.-]+)$/.test(groupBy)) {
        throw new FormProblem('groupBy', 'Group by is "service", "environment" or "context.<field>".');
      }
      return { kind: 'query', query: form.query.trim(), window_s: window_s(), op: form.op, threshold: number(form, 'threshold', 'The threshold', 0), ...(groupBy ? { group_by: groupBy } : {}) };
    }
    case 'error_group':
      return form.event === 'frequency'
        ? { kind: 'error_group', event: 'frequency', window_s: window_s(), threshold: number(form, 'threshold', 'The number of events', 1), ...(service ? { service } : {}) }
        : { kind: 'error_group', event: form.event, ...(service ? { service } : {}) };
    case 'error_rate': {
      const limit = form.mode === 'baseline' ? { baseline_sigma: number(form, 'sigma', 'k', 0.1, 10) } : { threshold_pct: number(form, 'threshold', 'The error rate', 0, 100) };
      return { kind: 'error_rate', ...(service ? { service } : {}), ...(route ? { route } : {}), window_s: window_s(), ...limit };
    }
    case 'latency': {
      const limit = form.mode === 'baseline' ? { baseline_sigma: number(form, 'sigma', 'k', 0.1, 10) } : { threshold_ms: number(form, 'threshold', 'The latency', 0) };
      const percentile = Number(form.percentile) as 50 | 90 | 95 | 99;
      return { kind: 'latency', ...(service ? { service } : {}), ...(route ? { route } : {}), window_s: window_s(), percentile, ...limit };
    }
    case 'silence':
      return { kind: 'silence', ...(service ? { service } : {}), window_s: window_s() };
    case 'anomaly':
      return { kind: 'anomaly', ...(service ? { service } : {}), ...(form.metric ? { metric: form.metric } : {}), window_s: window_s(ANOMALY_WINDOW_MIN * 60) };
  }
}

/** The API body of the form; throws FormProblem naming the field to fix. `forPreview` lets the name be empty. */
export function ruleInputOf(form: RuleForm, projectId: number, forPreview = false): RuleInput {
  const name = form.name.trim();
  if (!name && !forPreview) throw new FormProblem('name', 'Give the rule a name.');
  if (form.kind === 'query' && !form.query.trim()) throw new FormProblem('query', 'Write the query the rule counts, e.g. level:error.');
  return {
    project_id: projectId,
    name: name || 'Preview',
    severity: form.severity,
    interval_s: seconds(form, 'interval', 'The interval', 60, 86_400),
    for_s: seconds(form, 'forDuration', 'The "for" duration', 0, 86_400),
    reminder_s: seconds(form, 'reminder', 'The reminder interval', 0, 7 * 86_400),
    channel_ids: [...form.channelIds],
    condition: conditionOf(form),
  };
}
