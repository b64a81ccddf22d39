/** The JSON of /api/insights/patterns and /api/insights/anomalies (snake_case, ISO times) and its schemas. */
import { Type, type TSchema } from '@sinclair/typebox';
import type { Anomaly } from '../insights/anomalies/index.js';
import type { PatternResult } from '../insights/insights.js';
import type { PatternSummary } from '../insights/patterns/index.js';
import type { StoredLog } from '../store/types.js';
import { LogView } from './schemas.js';
import { logView } from './views.js';

const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const PatternOut = Type.Object({
  id: Type.String({ description: 'stable hash of the template' }),
  template: Type.String(),
  count: Type.Integer({ description: 'estimated total when the run was sampled' }),
  share: Type.Number(),
  first_seen: Time,
  last_seen: Time,
  levels: Type.Record(Type.String(), Type.Integer()),
  services: Type.Array(Type.String()),
  examples: Type.Array(LogView),
  sparkline: Type.Array(Type.Integer(), { description: '24 buckets over the range (project patterns: the last 24 hours)' }),
  status: Type.Union([Type.Literal('new'), Type.Literal('rising'), Type.Literal('stable'), Type.Literal('falling')]),
  baseline_count: Nullable(Type.Integer()),
  ratio: Nullable(Type.Number()),
});

export const PatternsOut = Type.Object({
  data: Type.Array(PatternOut),
  scanned: Type.Integer(),
  matched: Type.Integer(),
  sample_rate: Type.Number({ description: '1 when every matching row was read' }),
  sampled: Type.Boolean(),
  took_ms: Type.Integer(),
});

export const AnomalyOut = Type.Object({
  id: Type.String(),
  service: Type.String(),
  pattern_id: Type.Union([Type.String(), Type.Null()]),
  metric: Type.Union([Type.Literal('volume'), Type.Literal('error_rate')]),
  kind: Type.Union([Type.Literal('spike'), Type.Literal('drop'), Type.Literal('level_shift')]),
  from: Time,
  to: Time,
  observed: Type.Number(),
  expected: Type.Number(),
  score: Type.Number({ description: 'robust z of the largest bucket (signed)' }),
  baseline: Type.Union([Type.Literal('seasonal'), Type.Literal('rolling')]),
});

const iso = (ms: number) => new Date(ms).toISOString();

export function storedLogView(l: StoredLog) {
  return logView({ ...l, timestamp: iso(l.ts), receivedAt: iso(l.receivedAt), context: JSON.parse(l.context) as Record<string, unknown> });
}

function patternView(p: PatternSummary, r: PatternResult) {
  const examples = p.examples.length
    ? p.examples.map(storedLogView)
    : p.exampleIds.flatMap((id) => { const l = r.exampleLogs.get(id); return l ? [logView(l)] : []; });
  return {
    id: p.id, template: p.template, count: p.count, share: p.share, first_seen: iso(p.firstSeen), last_seen: iso(p.lastSeen),
    levels: p.levels, services: p.services, examples, sparkline: p.sparkline, status: p.status,
    baseline_count: p.baselineCount, ratio: p.ratio,
  };
}

export function patternsView(r: PatternResult) {
  return {
    data: r.patterns.map((p) => patternView(p, r)),
    scanned: r.scanned, matched: r.matched, sample_rate: r.sampleRate, sampled: r.sampleRate < 1, took_ms: r.tookMs,
  };
}

export function anomalyView(a: Anomaly) {
  return {
    id: a.id, service: a.service, pattern_id: a.patternId, metric: a.metric, kind: a.kind, from: iso(a.from), to: iso(a.to),
    observed: a.observed, expected: a.expected, score: a.score, baseline: a.baseline,
  };
}
