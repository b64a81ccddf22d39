/**
 * Error group conditions (src/error-groups): one alert group per error group (key = the group's id).
 * - new: the group was first seen within the window;
 * - regression: the group regressed (came back after being resolved) within the window;
 * - frequency: the group had more than `threshold` events within the window.
 * A group that stops meeting the condition resolves.
 */
import type { AlertCondition } from '../store/alerts-types.js';
import type { ErrorGroupSummary } from '../store/errors-types.js';
import { DEFAULT_ERROR_WINDOW_S } from './rule-input.js';
import { duration, quote, type MeasureContext, type Measurement } from './measure.js';
import { parseQ } from '../query/params.js';

type ErrorCondition = Extract<AlertCondition, { kind: 'error_group' }>;

/** Error groups looked at per evaluation (newest / busiest first). */
const CANDIDATES = 50;

const iso = (ms: number) => new Date(ms).toISOString();

export async function measureErrorGroups(ctx: MeasureContext, c: ErrorCondition): Promise<Measurement[]> {
  const windowS = c.window_s ?? DEFAULT_ERROR_WINDOW_S;
  const from = ctx.now - windowS * 1000;
  const base = { projectIds: [ctx.projectId], status: 'all' as const, limit: CANDIDATES, offset: 0, now: ctx.now, to: ctx.now };
  let groups: ErrorGroupSummary[] =
    c.event === 'new'
      ? await ctx.store.listErrorGroups({ ...base, sort: 'first_seen', firstSeenFrom: from })
      : await ctx.store.listErrorGroups({ ...base, sort: c.event === 'frequency' ? 'count' : 'last_seen', from });
  if (c.service) groups = groups.filter((g) => g.services.includes(c.service!));
  if (c.event === 'regression') groups = groups.filter((g) => g.regressedAt !== null && g.regressedAt >= from && g.regressedAt < ctx.now);
  if (c.event === 'new') groups = groups.filter((g) => g.firstSeen >= from && g.firstSeen < ctx.now);

  const out: Measurement[] = [];
  for (const g of groups) {
    const q = `fingerprint:${quote(g.fingerprint)}`;
    const sampleFilter = { projectIds: [ctx.projectId], from, to: ctx.now, query: parseQ(q) };
    if (c.event === 'frequency') {
      const n = await ctx.store.countLogs(sampleFilter);
      const threshold = c.threshold ?? 0;
      const summary = `Error "${g.title}" had ${n} event${n === 1 ? '' : 's'} in ${duration(windowS)} (threshold > ${threshold})`;
      out.push({ group: g.id, value: n, threshold, breached: n > threshold, summary, q, sampleFilter });
    } else if (c.event === 'new') {
      const summary = `New error "${g.title}" first seen at ${iso(g.firstSeen)}${g.culprit ? ` in ${g.culprit}` : ''}; ${g.count} event${g.count === 1 ? '' : 's'} so far`;
      out.push({ group: g.id, value: g.count, threshold: null, breached: true, summary, q, sampleFilter });
    } else {
      const summary = `Error "${g.title}" regressed at ${iso(g.regressedAt!)} after it was resolved; ${g.count} event${g.count === 1 ? '' : 's'} in total`;
      out.push({ group: g.id, value: g.count, threshold: null, breached: true, summary, q, sampleFilter });
    }
  }
  // Groups still in an alert state that no longer qualify: measured as not breached so that they resolve.
  const seen = new Set(out.map((m) => m.group));
  for (const k of ctx.knownGroups) {
    if (k === '' || seen.has(k)) continue;
    out.push({ group: k, value: 0, threshold: c.threshold ?? null, breached: false, summary: `Error group ${k} no longer meets the condition (${c.event} in ${duration(windowS)})`, q: '', sampleFilter: null });
  }
  return out;
}
