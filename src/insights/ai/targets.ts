/** The evidence of what is explained: a log, an error group, a pattern, an anomaly or a range. */
import { AppError } from '../../errors.js';
import type { LogFilter, Project, Store } from '../../store/types.js';
import { isLogId } from '../../store/types.js';
import { minePatterns } from '../patterns/index.js';
import { scanAnomalies } from '../anomalies/index.js';
import { addLogEvidence, addRangeEvidence, logLine, type EvidenceBuilder } from './evidence.js';

export interface ExplainTarget {
  type: 'log' | 'error_group' | 'pattern' | 'anomaly' | 'range';
  id?: string;
  from: number;
  to: number;
  filter: LogFilter;
}

const notFound = (what: string, id: string | undefined) => new AppError('NOT_FOUND', `No ${what} "${id ?? ''}" in this project.`);

/** Adds the target's own evidence first, then the range overview; returns how the prompt names the subject. */
export async function addTargetEvidence(b: EvidenceBuilder, store: Store, project: Project, t: ExplainTarget): Promise<string> {
  const range = { from: t.from, to: t.to, filter: t.filter };
  switch (t.type) {
    case 'log': {
      const entry = t.id && isLogId(t.id) ? await store.getLog(t.id) : null;
      if (!entry || entry.projectId !== project.id) throw notFound('log', t.id);
      await addLogEvidence(b, store, entry);
      // The range around the log, for what else happened then.
      const at = Date.parse(entry.timestamp);
      await addRangeEvidence(b, store, project, { from: at - 30 * 60_000, to: at + 5 * 60_000, filter: t.filter });
      return 'this log line [E1]';
    }
    case 'error_group': {
      const g = t.id && /^\d{1,18}$/.test(t.id) ? await store.getErrorGroup(t.id, Date.now()) : null;
      if (!g || g.projectId !== project.id) throw notFound('error group', t.id);
      b.add({ type: 'error_group', count: g.count, id: g.id, url: `/errors/${g.id}` }, `${g.level} ${g.title}${g.culprit ? ` at ${g.culprit}` : ''}; first seen ${new Date(g.firstSeen).toISOString()}, last seen ${new Date(g.lastSeen).toISOString()}, services ${g.services.join(', ')}, versions ${g.firstRelease ?? '?'}..${g.lastRelease ?? '?'}, ${g.hostsAffected} hosts`);
      const events = await store.errorGroupEvents(g.id, 3);
      for (const e of events.data) b.add({ type: 'log', count: null, id: e.id, url: `/explore/log/${e.id}` }, `${logLine(e)} ${JSON.stringify(e.context)}`);
      await addRangeEvidence(b, store, project, range);
      return 'this error group [E1]';
    }
    case 'pattern': {
      const run = await minePatterns(store, { ...t.filter, from: t.from, to: t.to }, { limit: 200, baseline: true, maxRows: 50_000 });
      const p = run.patterns.find((x) => x.id === t.id);
      if (!p) throw notFound('pattern in this range', t.id);
      b.add({ type: 'pattern', count: Math.round(p.count), id: p.id, url: `/insights?project=${project.slug}` }, `${p.template} (status ${p.status}, share ${(p.share * 100).toFixed(1)} %, levels ${JSON.stringify(p.levels)}, services ${p.services.join(', ')})`);
      for (const ex of p.examples) b.add({ type: 'log', count: null, id: ex.id, url: `/explore/log/${ex.id}` }, logLine({ ...ex, timestamp: new Date(ex.ts).toISOString() }));
      await addRangeEvidence(b, store, project, range);
      return 'this log pattern [E1]';
    }
    case 'anomaly': {
      const a = (await scanAnomalies(store, project.id, { from: t.from, to: t.to })).find((x) => x.id === t.id);
      if (!a) throw notFound('anomaly in this range', t.id);
      b.add({ type: 'anomaly', count: Math.round(a.observed), id: a.id, url: `/insights?project=${project.slug}` }, `${a.metric} ${a.kind} in service ${a.service} from ${new Date(a.from).toISOString()} to ${new Date(a.to).toISOString()}: observed ${a.observed.toFixed(2)}, expected ${a.expected.toFixed(2)} (robust z ${a.score.toFixed(1)})`);
      await addRangeEvidence(b, store, project, { from: a.from, to: a.to, filter: { ...t.filter, services: [a.service] } });
      return 'this anomaly [E1]';
    }
    case 'range':
      await addRangeEvidence(b, store, project, range);
      return `the logs from ${new Date(t.from).toISOString()} to ${new Date(t.to).toISOString()}`;
  }
}

