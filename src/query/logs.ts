/** The query API's rules: what a user may read, filters, pages, histograms, context, live tail. */
import type { Projects } from '../projects/projects.js';
import { AppError } from '../errors.js';
import type { HistogramBucket, LogEntry, LogFilter, Store, User } from '../store/types.js';
import { decodeCursor, encodeCursor, parseFilter, parseInterval, type QueryString } from './params.js';

const MAX_PROJECTS = 100;
const MAX_CONTEXT_FIELDS = 20;

export class LogQueries {
  constructor(private readonly store: Store, private readonly projects: Projects) {}

  /** The filter from the query string, limited to the projects the user may read; null when there are none. */
  async filterFor(user: User, qs: QueryString): Promise<LogFilter | null> {
    const { projects, ...rest } = parseFilter(qs);
    // Each project name costs lookups and each context field a test on every row: a 16 KB query string
    // must not buy thousands of them (the class of issue 9 #2: small input, unbounded work).
    const names = [...new Set(projects)];
    if (names.length > MAX_PROJECTS) throw new AppError('VALIDATION_FAILED', `at most ${MAX_PROJECTS} projects per query; this one names ${names.length}`);
    const fields = Object.keys(rest.context ?? {}).length;
    if (fields > MAX_CONTEXT_FIELDS) throw new AppError('VALIDATION_FAILED', `at most ${MAX_CONTEXT_FIELDS} ctx.* filters per query; this one has ${fields}`);
    const projectIds = await this.projects.readableIds(user, names);
    return projectIds.length ? { ...rest, projectIds } : null;
  }

  /** The live tail's filter: like filterFor, but with no readable project it holds none (and polls nothing). */
  async tailFilter(user: User, qs: QueryString): Promise<LogFilter> {
    const { projects, ...rest } = parseFilter(qs);
    return { ...rest, projectIds: await this.projects.readableIds(user, projects) };
  }

  /** The project ids the query string may read for this user now; NOT_FOUND when a named project is not readable. */
  readableFor(user: User, qs: QueryString): Promise<number[]> {
    return this.projects.readableIds(user, parseFilter(qs).projects);
  }

  async list(user: User, qs: QueryString, limit: number, cursor?: string) {
    const filter = await this.filterFor(user, qs);
    if (!filter) return { data: [] as LogEntry[], next_cursor: null };
    const page = await this.store.queryLogs({ ...filter, limit, cursor: cursor ? decodeCursor(cursor) : undefined });
    return { data: page.data, next_cursor: page.next ? encodeCursor(page.next) : null };
  }

  async count(user: User, qs: QueryString): Promise<number> {
    const filter = await this.filterFor(user, qs);
    return filter ? this.store.countLogs(filter) : 0;
  }

  async histogram(user: User, qs: QueryString, interval: string | undefined) {
    const filter = await this.filterFor(user, qs);
    const to = filter?.to ?? Date.now();
    const from = filter?.from ?? to - 86_400_000;
    if (from >= to) throw new AppError('VALIDATION_FAILED', '"from" must be before "to"');
    const intervalMs = parseInterval(interval, to - from);
    const buckets: HistogramBucket[] = filter ? await this.store.histogram({ ...filter, from, to }, intervalMs) : [];
    return { intervalMs, from, to, buckets };
  }

  /** One log the user may read, with the lines around it from the same service. */
  async context(user: User, id: string, before: number, after: number) {
    const log = await this.store.getLog(id);
    if (!log) throw new AppError('NOT_FOUND', `No log with id ${id}.`);
    const readable = await this.projects.readableIds(user, []);
    if (!readable.includes(log.projectId)) throw new AppError('NOT_FOUND', `No log with id ${id}.`);
    return { log, ...(await this.store.logContext(log, before, after)) };
  }
}
