/**
 * Compressed evidence for a prompt: counts by level and service, the top patterns, error groups and anomalies
 * of the range, and a few sample lines, numbered [E1].. in that order after the target's own items. Each line is
 * scrubbed (./scrub.ts) and cut to LINE_CHARS; lines stop being added at EVIDENCE_CHARS, so a prompt stays well
 * inside the local model's context whatever the project holds.
 */
import type { EvidenceItem } from '../../store/insight-types.js';
import type { LogEntry, LogFilter, Project, Store } from '../../store/types.js';
import { LEVELS } from '../../store/types.js';
import { minePatterns } from '../patterns/index.js';
import { scanAnomalies } from '../anomalies/index.js';
import type { Scrubber } from './scrub.js';

/** Characters of evidence at most in one prompt (about 1,000-1,500 tokens). */
export const EVIDENCE_CHARS = 4000;
/** Characters of one evidence line at most. */
export const LINE_CHARS = 280;

export interface EvidenceRange {
  from: number;
  to: number;
  filter: LogFilter;
}

/** Collects numbered evidence lines up to the budget. */
export class EvidenceBuilder {
  readonly items: EvidenceItem[] = [];
  private readonly lines: string[] = [];
  private chars = 0;

  constructor(private readonly scrubber: Scrubber, private readonly budget = EVIDENCE_CHARS) {}

  /** Adds one item unless the budget is spent; returns whether it was added. */
  add(item: Omit<EvidenceItem, 'ref' | 'label'>, label: string): boolean {
    const ref = `E${this.items.length + 1}`;
    const clean = this.scrubber.scrub(label.replace(/\s+/g, ' ').trim()).slice(0, LINE_CHARS);
    const count = item.count === null ? '' : ` (count ${item.count})`;
    const line = `[${ref}] ${item.type}${count}: ${clean}`;
    if (this.chars + line.length > this.budget && this.items.length > 0) return false;
    this.items.push({ ...item, ref, label: clean });
    this.lines.push(line);
    this.chars += line.length + 1;
    return true;
  }

  text(): string {
    return this.lines.join('\n');
  }
}

const logUrl = (id: string) => `/explore/log/${encodeURIComponent(id)}`;
const exploreUrl = (p: Project, q: string) => `/explore?${new URLSearchParams({ project: p.slug, q })}`;

export function logLine(l: Pick<LogEntry, 'timestamp' | 'level' | 'service' | 'message'>): string {
  return `${l.timestamp} ${l.level} ${l.service}: ${l.message}`;
}

/** The range's overview: counts, patterns, error groups, anomalies and a few samples, in that order. */
export async function addRangeEvidence(b: EvidenceBuilder, store: Store, project: Project, range: EvidenceRange): Promise<void> {
  const { from, to, filter } = range;
  const hist = await store.histogram({ ...filter, from, to }, Math.max(1, to - from));
  const byLevel = new Map<string, number>();
  for (const bucket of hist) for (const level of LEVELS) byLevel.set(level, (byLevel.get(level) ?? 0) + (bucket.counts[level] ?? 0));
  const total = [...byLevel.values()].reduce((a, n) => a + n, 0);
  const levels = [...byLevel].filter(([, n]) => n > 0).map(([l, n]) => `${l} ${n}`).join(', ');
  b.add({ type: 'count', count: total, id: null, url: exploreUrl(project, '') }, `logs in range: ${total}${levels ? ` (${levels})` : ''}`);

  const services = (await store.services([project.id])).sort((a, z) => z.count - a.count).slice(0, 5);
  const perService = await Promise.all(services.map(async (s) => [s.service, await store.countLogs({ ...filter, services: [s.service], from, to })] as const));
  const busy = perService.filter(([, n]) => n > 0);
  if (busy.length) b.add({ type: 'count', count: null, id: null, url: exploreUrl(project, '') }, `logs by service: ${busy.map(([s, n]) => `${s} ${n}`).join(', ')}`);

  const patterns = await minePatterns(store, { ...filter, from, to }, { limit: 6, baseline: true, maxRows: 20_000 });
  for (const p of patterns.patterns) {
    const status = p.status === 'stable' ? '' : ` [${p.status}${p.ratio ? ` x${p.ratio.toFixed(1)}` : ''}]`;
    b.add({ type: 'pattern', count: Math.round(p.count), id: p.id, url: exploreUrl(project, '') }, `pattern${status}: ${p.template}`);
  }

  const groups = await store.listErrorGroups({ projectIds: [project.id], status: 'all', sort: 'count', from, to, limit: 5, offset: 0, now: Date.now() });
  for (const g of groups) {
    b.add({ type: 'error_group', count: g.count, id: g.id, url: `/errors/${encodeURIComponent(g.id)}` }, `error group ${g.level} ${g.title}${g.culprit ? ` at ${g.culprit}` : ''} (services ${g.services.join(', ')})`);
  }

  const anomalies = await scanAnomalies(store, project.id, { from, to });
  for (const a of anomalies.slice(0, 5)) {
    b.add(
      { type: 'anomaly', count: Math.round(a.observed), id: a.id, url: exploreUrl(project, `service:${a.service}`) },
      `${a.metric} ${a.kind} in ${a.service} from ${new Date(a.from).toISOString()} to ${new Date(a.to).toISOString()}: observed ${a.observed.toFixed(2)}, expected ${a.expected.toFixed(2)}`,
    );
  }

  const samples = await store.queryLogs({ ...filter, from, to, levels: ['WARN', 'ERROR', 'FATAL'], limit: 3 });
  const rest = samples.data.length < 3 ? (await store.queryLogs({ ...filter, from, to, limit: 3 - samples.data.length })).data : [];
  for (const l of [...samples.data, ...rest]) b.add({ type: 'log', count: null, id: l.id, url: logUrl(l.id) }, logLine(l));
}

/** A log and the lines around it in its service. */
export async function addLogEvidence(b: EvidenceBuilder, store: Store, entry: LogEntry): Promise<void> {
  b.add({ type: 'log', count: null, id: entry.id, url: logUrl(entry.id) }, `${logLine(entry)} ${JSON.stringify(entry.context)}`);
  const around = await store.logContext(entry, 3, 2);
  for (const l of [...around.before, ...around.after]) b.add({ type: 'log', count: null, id: l.id, url: logUrl(l.id) }, logLine(l));
}
