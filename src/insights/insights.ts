/**
 * The verbs behind /api/insights/patterns and /api/insights/anomalies: resolve the one project the user may
 * see (404 otherwise), parse the range and filters, run the domain module. Knows no HTTP.
 */
import type { Projects } from '../projects/projects.js';
import type { LogEntry, Store, User } from '../store/types.js';
import { scanAnomalies, type Anomaly } from './anomalies/index.js';
import { filterOf, rangeOf, servicesOf, type InsightQuery } from './params.js';
import { minePatterns, type PatternRun } from './patterns/index.js';
import { projectPatterns } from './project-patterns.js';

export interface PatternResult extends PatternRun {
  tookMs: number;
  /** Example logs of project patterns, by id (a pattern run carries its examples itself). */
  exampleLogs: Map<string, LogEntry>;
}

export class PatternInsights {
  constructor(private readonly store: Store, private readonly projects: Projects, private readonly clock = () => Date.now()) {}

  async patterns(user: User, p: InsightQuery & { limit?: number; baseline?: 'previous' | 'none' }, maxRows?: number): Promise<PatternResult> {
    const started = performance.now();
    const project = await this.projects.get(user, p.project_id);
    const filter = filterOf(project.id, p, rangeOf(p, this.clock()));
    const run = await minePatterns(this.store, filter, { limit: p.limit ?? 50, baseline: (p.baseline ?? 'previous') === 'previous', ...(maxRows ? { maxRows } : {}) });
    return { ...run, tookMs: Math.round(performance.now() - started), exampleLogs: new Map() };
  }

  async projectPatterns(user: User, p: { project_id: string; limit?: number }): Promise<PatternResult> {
    const started = performance.now();
    const project = await this.projects.get(user, p.project_id);
    const run = await projectPatterns(this.store, project.id, p.limit ?? 50, this.clock());
    const ids = [...new Set(run.patterns.flatMap((x) => x.exampleIds))];
    const logs = await Promise.all(ids.map((id) => this.store.getLog(id)));
    // Retention may have deleted an example: the pattern stays, the example goes.
    const exampleLogs = new Map(logs.filter((l): l is LogEntry => l !== null && l.projectId === project.id).map((l) => [l.id, l]));
    return { ...run, tookMs: Math.round(performance.now() - started), exampleLogs };
  }

  async anomalies(user: User, p: InsightQuery): Promise<{ data: Anomaly[]; tookMs: number }> {
    const started = performance.now();
    const project = await this.projects.get(user, p.project_id);
    const data = await scanAnomalies(this.store, project.id, rangeOf(p, this.clock()), { services: servicesOf(p) });
    return { data, tookMs: Math.round(performance.now() - started) };
  }
}
