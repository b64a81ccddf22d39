/**
 * Error tracking's rules (issue 12): which groups a user may see and change, how a list, a group and its
 * events are read, status changes, bulk changes and merges. Knows no HTTP; the routes are in
 * src/server/routes/errors.ts.
 */
import { AppError } from '../errors.js';
import type { Projects } from '../projects/projects.js';
import { decodeCursor, encodeCursor, type QueryString } from '../query/params.js';
import type { ErrorGroupPatch, ErrorGroupSummary, ErrorStatus, ErrorTag, TagCount } from '../store/errors-types.js';
import { HOUR_MS } from '../store/error-deltas.js';
import type { LogEntry, Store, User } from '../store/types.js';
import { DAY_MS, encodeOffset, parseListQuery, projectNames } from './params.js';
import { framesOf, type Frame } from './frames.js';

const BREADCRUMBS = 20;
const MAX_MERGE_SOURCES = 100;

export interface ErrorGroupView extends ErrorGroupSummary {
  projectSlug: string;
  assignee: { id: number; name: string; email: string } | null;
  /** 24 hourly counts, oldest first, ending with the current hour. */
  sparkline: number[];
  isNew: boolean;
  regressed: boolean;
}

export interface ErrorGroupDetail extends ErrorGroupView {
  latestEvent: LogEntry | null;
  firstEvent: LogEntry | null;
  frames: Frame[];
  tags: Record<ErrorTag, TagCount[]>;
  breadcrumbs: LogEntry[];
  mergedFingerprints: string[];
}

export interface StatusChange {
  status?: ErrorStatus;
  ignoreUntil?: number | null;
  ignoreCount?: number | null;
}

export class ErrorGroups {
  constructor(private readonly store: Store, private readonly projects: Projects, private readonly clock = () => Date.now()) {}

  async list(user: User, qs: QueryString): Promise<{ data: ErrorGroupView[]; nextCursor: string | null }> {
    const now = this.clock();
    const q = parseListQuery(qs, now);
    const projectIds = await this.projects.readableIds(user, projectNames(qs));
    const page = await this.store.listErrorGroups({ ...q, projectIds, limit: q.limit + 1 });
    const more = page.length > q.limit;
    const data = await this.views(page.slice(0, q.limit), now);
    return { data, nextCursor: more ? encodeOffset(q.offset + q.limit) : null };
  }

  async get(user: User, id: string): Promise<ErrorGroupDetail> {
    const now = this.clock();
    const g = await this.readable(user, id, now);
    const [view] = await this.views([g], now);
    const [latest, first, tags, fingerprints] = await Promise.all([
      this.store.errorGroupEvents(id, 1),
      this.store.errorGroupFirstEvent(id),
      this.store.errorGroupTags(id),
      this.store.errorGroupFingerprints(id),
    ]);
    const latestEvent = latest.data[0] ?? null;
    return {
      ...view!,
      latestEvent,
      firstEvent: first,
      frames: latestEvent ? framesOf(latestEvent) : [],
      tags,
      breadcrumbs: latestEvent ? await this.breadcrumbs(latestEvent) : [],
      mergedFingerprints: fingerprints.filter((f) => f !== g.fingerprint),
    };
  }

  async events(user: User, id: string, limit: number, cursor?: string) {
    await this.readable(user, id, this.clock());
    const page = await this.store.errorGroupEvents(id, limit, cursor ? decodeCursor(cursor) : undefined);
    return { data: page.data, nextCursor: page.next ? encodeCursor(page.next) : null };
  }

  async update(user: User, id: string, change: StatusChange & { assigneeId?: number | null; note?: string }): Promise<ErrorGroupView> {
    const g = await this.readable(user, id, this.clock());
    const patch: ErrorGroupPatch = { ...statusPatch(change) };
    if (change.assigneeId !== undefined) patch.assigneeId = await this.assignee(change.assigneeId);
    if (change.note !== undefined) patch.note = change.note;
    await this.store.updateErrorGroups([id], [g.projectId], patch, this.clock());
    const now = this.clock();
    const [view] = await this.views([await this.readable(user, id, now)], now);
    return view!;
  }

  /** Changes the status of the groups the user may see among `ids`; others are left alone (and not counted). */
  async bulk(user: User, ids: string[], change: StatusChange): Promise<number> {
    const projectIds = await this.projects.readableIds(user, []);
    return this.store.updateErrorGroups([...new Set(ids)], projectIds, statusPatch(change), this.clock());
  }

  async merge(user: User, id: string, sourceIds: string[]): Promise<ErrorGroupView> {
    const now = this.clock();
    const target = await this.readable(user, id, now);
    const sources = [...new Set(sourceIds)].filter((s) => s !== id);
    if (sources.length > MAX_MERGE_SOURCES) throw new AppError('VALIDATION_FAILED', `merge at most ${MAX_MERGE_SOURCES} groups at once`);
    for (const s of sources) {
      const g = await this.readable(user, s, now);
      if (g.projectId !== target.projectId) {
        throw new AppError('MERGE_ACROSS_PROJECTS', `Group ${s} belongs to another project than group ${id}: only groups of one project can be merged.`);
      }
    }
    await this.store.mergeErrorGroups(id, sources);
    const [view] = await this.views([await this.readable(user, id, this.clock())], this.clock());
    return view!;
  }

  private async readable(user: User, id: string, now: number): Promise<ErrorGroupSummary> {
    const g = await this.store.getErrorGroup(id, now);
    if (!g || !(await this.projects.readableIds(user, [])).includes(g.projectId)) throw new AppError('NOT_FOUND', `No error group ${id} that you can access.`);
    return g;
  }

  private async assignee(id: number | null): Promise<number | null> {
    if (id === null) return null;
    const u = await this.store.getUserById(id);
    if (!u || u.disabled) throw new AppError('UNKNOWN_ASSIGNEE', `assignee_id ${id} is not an active user.`);
    return id;
  }

  /** Logs before the event from its service (and its trace, when it has one), oldest first. */
  private async breadcrumbs(e: LogEntry): Promise<LogEntry[]> {
    const page = await this.store.queryLogs({
      projectIds: [e.projectId],
      services: [e.service],
      ...(e.traceId ? { query: { type: 'match', field: { kind: 'builtin', name: 'trace_id' }, parts: [e.traceId], span: { start: 0, end: 0 } } } : {}),
      cursor: { ts: Date.parse(e.timestamp), id: e.id },
      limit: BREADCRUMBS,
    });
    return page.data.reverse();
  }

  private async views(groups: ErrorGroupSummary[], now: number): Promise<ErrorGroupView[]> {
    const slugs = new Map<number, string>();
    const users = new Map<number, ErrorGroupView['assignee']>();
    for (const g of groups) {
      if (!slugs.has(g.projectId)) slugs.set(g.projectId, (await this.store.getProject(g.projectId))?.slug ?? String(g.projectId));
      if (g.assigneeId !== null && !users.has(g.assigneeId)) {
        const u = await this.store.getUserById(g.assigneeId);
        users.set(g.assigneeId, u ? { id: u.id, name: u.name, email: u.email } : null);
      }
    }
    const hNow = Math.floor(now / HOUR_MS);
    return groups.map((g) => {
      const sparkline = new Array<number>(24).fill(0);
      for (const h of g.hourly) if (h.hour > hNow - 24 && h.hour <= hNow) sparkline[h.hour - hNow + 23] = h.count;
      return {
        ...g,
        projectSlug: slugs.get(g.projectId)!,
        assignee: g.assigneeId === null ? null : (users.get(g.assigneeId) ?? null),
        sparkline,
        isNew: g.firstSeen >= now - DAY_MS,
        regressed: g.regressedAt !== null && g.status === 'unresolved',
      };
    });
  }
}

/** A status change; ignore_until / ignore_count alone mean "ignore" with that condition. */
function statusPatch(c: StatusChange): ErrorGroupPatch {
  const ignoring = c.ignoreUntil != null || c.ignoreCount != null;
  const status = c.status ?? (ignoring ? 'ignored' : undefined);
  if (status === undefined) return {};
  if (status !== 'ignored' && ignoring) throw new AppError('VALIDATION_FAILED', 'ignore_until and ignore_count go with status "ignored" only');
  return { status, ignoreUntil: c.ignoreUntil ?? null, ignoreCount: c.ignoreCount ?? null };
}
