/** TypeBox schemas of /api/perf/* (docs/performance.md; the contract is in the issue's perf-api.md). */
import { Type } from '@sinclair/typebox';
import { LogView } from './schemas.js';

const Num = Type.Number();
const NumOrNull = Type.Union([Type.Number(), Type.Null()]);
const Short = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 256, description }));
const TimeParam = (description: string) => Type.Optional(Type.String({ maxLength: 40, description }));

export const PerfFilter = {
  project: Type.String({ minLength: 1, maxLength: 64, description: 'project id or slug (one, required)' }),
  service: Short('only this service'),
  route: Short('only this route template or operation name'),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3,10}$', description: 'only this HTTP method' })),
  env: Short('only this environment'),
  from: TimeParam('ISO 8601, epoch ms or now-24h; default 24 h before `to`'),
  to: TimeParam('default now'),
};

export const PerfQuery = Type.Object(PerfFilter, { additionalProperties: false });

export const RoutesQuery = Type.Object({
  ...PerfFilter,
  sort: Type.Optional(Type.Union(['p95', 'rate', 'error_rate', 'total_ms', 'count'].map((s) => Type.Literal(s)), { default: 'p95' })),
  order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')], { default: 'desc' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
}, { additionalProperties: false });

export const TimeseriesQuery = Type.Object({
  ...PerfFilter,
  metric: Type.Optional(Type.String({ maxLength: 100, default: 'p95', description: 'p50, p90, p95, p99, rate, errors, error_rate, apdex; several comma-separated' })),
  by: Type.Optional(Type.Union(['none', 'route', 'service', 'version'].map((s) => Type.Literal(s)), { default: 'none' })),
  step: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 * 7, description: 'bucket length in seconds (whole minutes); default: <= 60 buckets' })),
}, { additionalProperties: false });

export const SlowestQuery = Type.Object({
  ...PerfFilter,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}, { additionalProperties: false });

export const CompareQuery = Type.Object({
  ...PerfFilter,
  a_from: TimeParam('range A start'), a_to: TimeParam('range A end'),
  b_from: TimeParam('range B start'), b_to: TimeParam('range B end'),
  a_version: Type.Optional(Type.String({ maxLength: 256, description: 'release A (over from..to); empty: logs without a version' })),
  b_version: Type.Optional(Type.String({ maxLength: 256, description: 'release B' })),
}, { additionalProperties: false });

export const Stats = Type.Object({
  count: Num, rate_per_min: Num, errors: Num, error_rate: Num,
  p50: NumOrNull, p90: NumOrNull, p95: NumOrNull, p99: NumOrNull, total_ms: Num, apdex: NumOrNull,
});
const StatsOrNull = Type.Union([Stats, Type.Null()]);

export const SummaryOut = Type.Object({
  project_id: Type.Integer(), from: Type.String(), to: Type.String(), apdex_threshold_ms: Num, relative_accuracy: Num,
  current: Stats, previous: Stats,
});

const Regression = { previous: StatsOrNull, slower: Type.Boolean(), p95_change: NumOrNull };

export const RoutesOut = Type.Object({
  data: Type.Array(Type.Object({
    service: Type.String(), route: Type.String(), kind: Type.Union([Type.Literal('http'), Type.Literal('operation')]),
    method: Type.Union([Type.String(), Type.Null()]), ...Stats.properties, ...Regression, spark: Type.Array(Num),
  })),
  slower_threshold: Num,
});

export const ServicesOut = Type.Object({
  data: Type.Array(Type.Object({ service: Type.String(), ...Stats.properties, ...Regression })),
});

export const TimeseriesOut = Type.Object({
  step_ms: Num,
  buckets: Type.Array(Num),
  series: Type.Array(Type.Object({ key: Type.String(), metric: Type.String(), values: Type.Array(NumOrNull) })),
});

export const DistributionOut = Type.Object({
  buckets: Type.Array(Type.Object({ lower_ms: Num, upper_ms: Num, count: Num })),
  p50: NumOrNull, p95: NumOrNull, p99: NumOrNull,
});

export const SlowestOut = Type.Object({ data: Type.Array(LogView) });

export const CompareOut = Type.Object({
  a: Stats, b: Stats,
  routes: Type.Array(Type.Object({ service: Type.String(), route: Type.String(), a: StatsOrNull, b: StatsOrNull, p95_change: NumOrNull })),
});
