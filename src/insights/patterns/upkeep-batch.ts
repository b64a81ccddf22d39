/**
 * Files a batch of the project patterns job (./upkeep.ts) in the projects' Drain trees and sums it per cluster:
 * the deltas and hour counts one save adds. With `every` > 1 the rows are a sample: a log below ERROR stands for
 * `every` logs, and the logs that adds beyond those mined go to the SAMPLED_EXTRA pseudo-cluster.
 */
import { SAMPLED_EXTRA, type PatternDelta, type PatternHour, type PatternSourceRow } from '../../store/insight-types.js';
import type { Drain } from './drain.js';

const HOUR = 3_600_000;

export function fileRows(
  rows: PatternSourceRow[], every: number, drainOf: (projectId: number) => Drain, changed: (projectId: number) => void,
): { deltas: PatternDelta[]; hours: PatternHour[] } {
  const extra = new Map<number, number>();
  // Per project, per cluster: the delta and its hour counts (nested maps: no key string built per row).
  const byProject = new Map<number, Map<string, { d: PatternDelta; hours: Map<number, PatternHour> }>>();
  for (let i = rows.length - 1; i >= 0; i--) { // newest first, so that the first examples kept are the newest
    const r = rows[i]!;
    const { clusterId, changed: treeChanged } = drainOf(r.projectId).add(r.message);
    if (treeChanged) changed(r.projectId);
    let clusters = byProject.get(r.projectId);
    if (!clusters) byProject.set(r.projectId, (clusters = new Map()));
    let e = clusters.get(clusterId);
    if (!e) {
      const d: PatternDelta = { projectId: r.projectId, clusterId, template: '', count: 0, firstSeen: r.ts, lastSeen: r.ts, levels: {}, services: [], exampleIds: [] };
      clusters.set(clusterId, (e = { d, hours: new Map() }));
    }
    const d = e.d;
    const w = every > 1 && r.level !== 'ERROR' && r.level !== 'FATAL' ? every : 1;
    if (w > 1) extra.set(r.projectId, (extra.get(r.projectId) ?? 0) + w - 1);
    d.count += w;
    if (r.ts < d.firstSeen) d.firstSeen = r.ts;
    if (r.ts > d.lastSeen) d.lastSeen = r.ts;
    d.levels[r.level] = (d.levels[r.level] ?? 0) + w;
    if (d.services.length < 20 && !d.services.includes(r.service)) d.services.push(r.service);
    if (d.exampleIds.length < 3) d.exampleIds.push(r.id);
    const hour = Math.floor(r.ts / HOUR) * HOUR;
    const h = e.hours.get(hour);
    if (h) h.count += w;
    else e.hours.set(hour, { projectId: r.projectId, clusterId, hour, count: w });
  }
  const deltas: PatternDelta[] = [];
  const hours: PatternHour[] = [];
  for (const [projectId, clusters] of byProject) {
    const drain = drainOf(projectId);
    for (const { d, hours: hs } of clusters.values()) {
      d.template = drain.cluster(d.clusterId)!.tokens.join(' ');
      deltas.push(d);
      for (const h of hs.values()) hours.push(h);
    }
  }
  for (const [projectId, n] of extra) {
    deltas.push({ projectId, clusterId: SAMPLED_EXTRA, template: '', count: n, firstSeen: rows[0]!.ts, lastSeen: rows[0]!.ts, levels: {}, services: [], exampleIds: [] });
  }
  return { deltas, hours };
}
