/** How the Alerts pages write windows, conditions, states and previews; pure so the rules are tested without a browser. */
import type { Condition, Delivery, Preview, Rule, RuleState } from '../../api/alerts';

/** 30 → "30 s", 300 → "5 m", 5400 → "90 m", 3600 → "1 h", 86400 → "1 d"; whole units only, else the smaller one. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} m`;
  return `${seconds} s`;
}

/** A measured value as the condition counts it: logs, a percentage or milliseconds. */
export function formatValue(condition: Condition, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const rounded = Math.abs(value) >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(value < 1 ? 2 : 1);
  if (condition.kind === 'error_rate') return `${rounded}%`;
  if (condition.kind === 'latency') return `${rounded} ms`;
  if (condition.kind === 'anomaly') return `${rounded} ${value === 1 ? 'anomaly' : 'anomalies'}`;
  return rounded;
}

const scope = (service?: string, route?: string) =>
  [service && `service ${service}`, route && `route ${route}`].filter(Boolean).join(', ') || 'all services';

/** One line that says what the rule watches, e.g. "count of `level:error` > 100 in 5 m, per service". */
export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'query': {
      const per = c.group_by ? `, per ${c.group_by}` : '';
      return `count of \`${c.query || '*'}\` ${c.op} ${c.threshold} in ${formatSeconds(c.window_s)}${per}`;
    }
    case 'error_group': {
      const where = c.service ? ` in ${c.service}` : '';
      if (c.event === 'new') return `a new error group${where}`;
      if (c.event === 'regression') return `a resolved error group comes back${where}`;
      return `an error group with > ${c.threshold ?? 0} events in ${formatSeconds(c.window_s ?? 300)}${where}`;
    }
    case 'error_rate':
      return c.baseline_sigma !== undefined
        ? `error rate of ${scope(c.service, c.route)} above its baseline + ${c.baseline_sigma}σ over ${formatSeconds(c.window_s)}`
        : `error rate of ${scope(c.service, c.route)} > ${c.threshold_pct ?? 0}% over ${formatSeconds(c.window_s)}`;
    case 'latency':
      return c.baseline_sigma !== undefined
        ? `p${c.percentile} of ${scope(c.service, c.route)} above its baseline + ${c.baseline_sigma}σ over ${formatSeconds(c.window_s)}`
        : `p${c.percentile} of ${scope(c.service, c.route)} > ${c.threshold_ms ?? 0} ms over ${formatSeconds(c.window_s)}`;
    case 'silence':
      return `${c.service ? `service ${c.service}` : 'the project'} sends nothing for ${formatSeconds(c.window_s)}`;
    case 'anomaly': {
      const metric = c.metric === 'volume' ? 'a volume anomaly' : c.metric === 'error_rate' ? 'an error rate anomaly' : 'an anomaly';
      return `${metric} in ${c.service ? `service ${c.service}` : 'any service (per service)'} in the last ${formatSeconds(c.window_s ?? 3600)}`;
    }
  }
}

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'muted' | 'off';

/** The badge of a rule: disabled and muted say so before its evaluated state. */
export function ruleBadge(rule: Pick<Rule, 'enabled' | 'state' | 'muted_until'>, now: number): { label: string; tone: BadgeTone } {
  if (!rule.enabled) return { label: 'disabled', tone: 'off' };
  const muted = rule.muted_until !== null && Date.parse(rule.muted_until) > now;
  const tones: Record<RuleState, BadgeTone> = { ok: 'ok', pending: 'warn', firing: 'bad' };
  return muted ? { label: `${rule.state} · muted`, tone: 'muted' } : { label: rule.state, tone: tones[rule.state] ?? 'off' };
}

/** "muted for 52 min", "muted until 3 Dec, 14:05"; '' when not muted. */
export function mutedFor(mutedUntil: string | null, now: number): string {
  if (!mutedUntil) return '';
  const left = Date.parse(mutedUntil) - now;
  if (!(left > 0)) return '';
  if (left < 3_600_000) return `muted for ${Math.max(1, Math.round(left / 60_000))} min`;
  if (left < 48 * 3_600_000) return `muted for ${Math.round(left / 3_600_000)} h`;
  return `muted until ${new Date(mutedUntil).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/** "Would have fired 3 times in the last 24 h (1,440 evaluations)". */
export function previewSentence(preview: Pick<Preview, 'fired' | 'evaluations' | 'from' | 'to'>): string {
  const hours = Math.round((Date.parse(preview.to) - Date.parse(preview.from)) / 3_600_000);
  const span = Number.isFinite(hours) && hours > 0 ? `the last ${hours} h` : 'the range';
  const times = preview.fired === 0 ? 'never fired' : preview.fired === 1 ? 'fired once' : `fired ${preview.fired} times`;
  const evals = `${preview.evaluations.toLocaleString('en-US')} evaluation${preview.evaluations === 1 ? '' : 's'}`;
  return `Would have ${times} in ${span} (${evals})`;
}

/** The preview as chart series over shared buckets: the value and the threshold it is compared with. */
export function previewSeries(preview: Pick<Preview, 'points'>): { buckets: number[]; value: Array<number | null>; threshold: Array<number | null> } {
  const points = [...preview.points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    buckets: points.map((p) => Date.parse(p.at)),
    value: points.map((p) => p.value),
    threshold: points.map((p) => p.threshold),
  };
}

/** One delivery as a short line: "sent · 200 · 1 attempt", "retrying · 503 · 2 attempts · timeout". */
export function deliveryLine(d: Pick<Delivery, 'status' | 'last_status_code' | 'attempts' | 'last_error'>): string {
  const parts: string[] = [d.status];
  if (d.last_status_code !== null) parts.push(String(d.last_status_code));
  parts.push(`${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`);
  if (d.last_error) parts.push(d.last_error);
  return parts.join(' · ');
}
