/** Conditions over the logs themselves: a query's count in a window (optionally per group), and silence. */
import type { AlertCondition } from '../store/alerts-types.js';
import type { FacetField } from '../store/explore-types.js';
import type { LogFilter } from '../store/types.js';
import { parseQ } from '../query/params.js';
import type { QueryNode } from '../search/ast.js';
import { compare, duration, quote, type MeasureContext, type Measurement } from './measure.js';

type QueryCondition = Extract<AlertCondition, { kind: 'query' }>;
type SilenceCondition = Extract<AlertCondition, { kind: 'silence' }>;

/** Groups counted exactly per evaluation; a grouped rule fires for at most this many groups at once. */
export const MAX_GROUPS = 20;
/** Newest logs sampled to find the most frequent environments / context values of a grouped rule. */
const GROUP_SAMPLE = 10_000;
const DAY_MS = 86_400_000;

const span = { start: 0, end: 0 };

/** The filter of one group: the rule's query narrowed to `group_by = value`. */
function groupFilter(base: LogFilter, groupBy: string, value: string): LogFilter {
  if (groupBy === 'service') return { ...base, services: [value] };
  if (groupBy === 'environment') {
    const env: QueryNode = { type: 'match', field: { kind: 'builtin', name: 'env' }, parts: [value], span };
    return { ...base, query: base.query ? { type: 'and', children: [base.query, env], span } : env };
  }
  return { ...base, context: { ...base.context, [groupBy.slice('context.'.length)]: value } };
}

function groupQ(q: string, groupBy: string, value: string): string {
  const clause = groupBy === 'service' ? `service:${quote(value)}` : groupBy === 'environment' ? `env:${quote(value)}` : `ctx.${groupBy.slice(8)}:${quote(value)}`;
  return q.trim() ? `${q.trim()} ${clause}` : clause;
}

async function groupValues(ctx: MeasureContext, filter: LogFilter, groupBy: string): Promise<string[]> {
  if (groupBy === 'service') {
    const byService = new Map<string, number>();
    for (const f of await ctx.store.facetCounts(filter)) byService.set(f.service, (byService.get(f.service) ?? 0) + f.count);
    return [...byService].sort((a, b) => b[1] - a[1]).slice(0, MAX_GROUPS).map(([s]) => s);
  }
  const field: FacetField = groupBy === 'environment' ? { column: 'environment' } : { context: groupBy.slice('context.'.length) };
  const top = await ctx.store.topValues(filter, field, MAX_GROUPS, GROUP_SAMPLE);
  return top.values.map((v) => v.value);
}

export async function measureQuery(ctx: MeasureContext, c: QueryCondition): Promise<Measurement[]> {
  const windowMs = c.window_s * 1000;
  const base: LogFilter = { projectIds: [ctx.projectId], from: ctx.now - windowMs, to: ctx.now, query: parseQ(c.query) };
  const shown = c.query.trim() || '*';
  const because = (n: number) => `${n} log${n === 1 ? '' : 's'} matched \`${shown}\` in ${duration(c.window_s)} (threshold ${c.op} ${c.threshold})`;
  if (!c.group_by) {
    const n = await ctx.store.countLogs(base);
    return [{ group: '', value: n, threshold: c.threshold, breached: compare(n, c.op, c.threshold), summary: because(n), q: c.query, sampleFilter: base }];
  }
  const groupBy = c.group_by;
  const values = new Set(await groupValues(ctx, base, groupBy));
  for (const g of ctx.knownGroups) if (g !== '') values.add(g);
  return Promise.all(
    [...values].map(async (value) => {
      const filter = groupFilter(base, groupBy, value);
      const n = await ctx.store.countLogs(filter);
      const summary = `${because(n)} for ${groupBy} = ${value}`;
      return { group: value, value: n, threshold: c.threshold, breached: compare(n, c.op, c.threshold), summary, q: groupQ(c.query, groupBy, value), sampleFilter: filter };
    }),
  );
}

/**
 * Nothing in the window while the previous 24 h had logs in more than half of its windows. A service that
 * never sends (or sends rarely) does not fire.
 */
export async function measureSilence(ctx: MeasureContext, c: SilenceCondition): Promise<Measurement[]> {
  const windowMs = c.window_s * 1000;
  const base: LogFilter = { projectIds: [ctx.projectId], ...(c.service ? { services: [c.service] } : {}) };
  const n = await ctx.store.countLogs({ ...base, from: ctx.now - windowMs, to: ctx.now });
  const buckets = await ctx.store.histogram({ ...base, from: ctx.now - windowMs - DAY_MS, to: ctx.now - windowMs }, windowMs);
  const active = buckets.filter((b) => Object.values(b.counts).some((v) => (v ?? 0) > 0)).length;
  const windows = Math.floor(DAY_MS / windowMs);
  const usual = active * 2 > windows;
  const who = c.service ? `service ${c.service}` : 'the project';
  const summary =
    n === 0
      ? `No logs from ${who} in ${duration(c.window_s)}; it sent logs in ${active} of ${windows} windows of the previous 24 h`
      : `${n} log${n === 1 ? '' : 's'} from ${who} in ${duration(c.window_s)}`;
  const q = c.service ? `service:${quote(c.service)}` : '';
  return [{ group: '', value: n, threshold: 0, breached: n === 0 && usual, summary, q, sampleFilter: null }];
}
