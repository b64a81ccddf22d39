/**
 * The anomaly condition: anomalies of a service's volume or error rate (src/insights/anomalies, seasonal or
 * rolling robust baseline) found in [now - window, now). One alert group per service, so each service fires
 * and resolves on its own. One scanAnomalies call per evaluation (it reads the grouped minute rollups once);
 * pattern anomalies are left out: they are hourly, too coarse for an alert window, and cost two more reads.
 */
import type { AlertCondition } from '../store/alerts-types.js';
import type { LogFilter } from '../store/types.js';
import { bucketOf, scanAnomalies, type Anomaly } from '../insights/anomalies/index.js';
import { parseQ } from '../query/params.js';
import { DEFAULT_ANOMALY_WINDOW_S } from './rule-input.js';
import { duration, quote, type MeasureContext, type Measurement } from './measure.js';

type AnomalyCondition = Extract<AlertCondition, { kind: 'anomaly' }>;

/** Anomalies described per service in a summary; the rest are counted. */
const SHOWN = 3;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const round1 = (v: number) => Math.round(v * 10) / 10;
const KIND: Record<Anomaly['kind'], string> = { spike: 'spike', drop: 'drop', level_shift: 'level shift' };

/** "volume spike ×4.2 at 14:05 (expected 120/5 m, got 504)", "error rate level shift at 14:10 (expected 0.5 %, got 12.3 %)". */
export function describeAnomaly(a: Anomaly, stepMs: number): string {
  const kind = KIND[a.kind];
  if (a.metric === 'error_rate') {
    const pct = (v: number) => `${round1(v * 100)} %`;
    return `error rate ${kind} at ${hhmm(a.from)} UTC (expected ${pct(a.expected)}, got ${pct(a.observed)})`;
  }
  // A drop's ratio is small: two significant digits (×0.025) rather than a rounded ×0.
  const r = a.expected > 0 ? a.observed / a.expected : null;
  const ratio = r === null ? '' : ` ×${r >= 1 || r === 0 ? round1(r) : Number(r.toPrecision(2))}`;
  const per = duration(stepMs / 1000);
  return `volume ${kind}${ratio} at ${hhmm(a.from)} UTC (expected ${Math.round(a.expected)}/${per}, got ${Math.round(a.observed)})`;
}

export async function measureAnomaly(ctx: MeasureContext, c: AnomalyCondition): Promise<Measurement[]> {
  const windowS = c.window_s ?? DEFAULT_ANOMALY_WINDOW_S;
  const from = ctx.now - windowS * 1000;
  const stepMs = bucketOf(windowS * 1000);
  const found = await scanAnomalies(ctx.store, ctx.projectId, { from, to: ctx.now }, { patterns: 0, ...(c.service ? { services: [c.service] } : {}) });
  const byService = new Map<string, Anomaly[]>();
  for (const a of found) {
    if (a.patternId !== null || (c.metric && a.metric !== c.metric)) continue;
    if (c.service && a.service !== c.service) continue;
    byService.set(a.service, [...(byService.get(a.service) ?? []), a]);
  }
  const window = duration(windowS);
  const what = c.metric === 'volume' ? 'volume anomalies' : c.metric === 'error_rate' ? 'error rate anomalies' : 'anomalies';
  const out: Measurement[] = [];
  for (const [service, list] of byService) {
    list.sort((a, b) => a.from - b.from);
    const n = list.length;
    const shown = list.slice(0, SHOWN).map((a) => describeAnomaly(a, stepMs)).join('; ');
    const more = n > SHOWN ? `; and ${n - SHOWN} more` : '';
    const noun = n === 1 ? what.replace(/anomalies$/, 'anomaly') : what;
    const summary = `${n} ${noun} on ${service} in the last ${window}: ${shown}${more}`;
    // Error-rate anomalies only: the errors are what to look at; otherwise all of the service's logs.
    const errorsOnly = list.every((a) => a.metric === 'error_rate');
    const q = `service:${quote(service)}${errorsOnly ? ' level:>=error' : ''}`;
    const sampleFilter: LogFilter = { projectIds: [ctx.projectId], services: [service], from: list[0]!.from, to: ctx.now, query: parseQ(q) };
    out.push({ group: service, value: n, threshold: 0, breached: true, summary, q, sampleFilter });
  }
  // Services that had an alert state, and the rule's own service: measured as quiet so that they resolve (and
  // a single-service rule always shows a value).
  const quiet = new Set(ctx.knownGroups.filter((g) => g !== ''));
  if (c.service) quiet.add(c.service);
  for (const service of quiet) {
    if (byService.has(service)) continue;
    const summary = `No ${what} on ${service} in the last ${window}`;
    out.push({ group: service, value: 0, threshold: 0, breached: false, summary, q: `service:${quote(service)}`, sampleFilter: null });
  }
  return out;
}
