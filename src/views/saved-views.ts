/**
 * Saved views: named explorer queries, private to the user who saved them. A view stores the query as the
 * explorer's URL holds it (text, projects, services, levels, range, columns); it is never run here, so a view
 * outlives renamed projects and queries the language refuses today. Sharing is by URL, not by view id.
 */
import { parseLevels } from '../ingest/levels.js';
import { FIELD_RE, parseTime } from '../query/params.js';
import { AppError } from '../errors.js';
import type { SavedView, SavedViewPatch, SavedViewQuery } from '../store/explore-types.js';
import { StoreConflictError, type Store, type User } from '../store/types.js';

export const MAX_VIEWS_PER_USER = 200;
export const LIMITS = { name: 100, q: 2000, list: 50, item: 200, time: 64 } as const;

/** The query of a view as it arrives: every member optional. */
export interface SavedViewQueryInput {
  q?: string;
  project?: string[];
  service?: string[];
  level?: string[];
  from?: string | null;
  to?: string | null;
  columns?: string[];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function invalid(message: string): never {
  throw new AppError('VALIDATION_FAILED', message);
}

export function checkName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > LIMITS.name) invalid(`name must be 1 to ${LIMITS.name} characters`);
  if (CONTROL.test(name)) invalid('name must not contain control characters');
  return name;
}

function strings(values: string[] | undefined, what: string, check?: (v: string) => boolean): string[] {
  const list = values ?? [];
  if (list.length > LIMITS.list) invalid(`${what}: at most ${LIMITS.list} entries`);
  for (const v of list) {
    if (typeof v !== 'string' || !v.trim() || v.length > LIMITS.item || CONTROL.test(v) || (check && !check(v))) {
      invalid(`${what}: "${String(v).slice(0, 60)}" is not allowed (1 to ${LIMITS.item} characters${check ? ', see docs/api.md' : ''})`);
    }
  }
  return list.map((v) => v.trim());
}

function time(value: string | null | undefined, what: string): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const v = value.trim();
  if (v.length > LIMITS.time) invalid(`${what} must be at most ${LIMITS.time} characters`);
  parseTime(v, what); // the query's own rule (ISO, epoch ms, or relative like now-15m); throws with the reason
  return v;
}

/** Checks every member and fills the defaults; throws VALIDATION_FAILED naming the member at fault. */
export function checkQuery(input: SavedViewQueryInput): SavedViewQuery {
  const q = input.q ?? '';
  if (q.length > LIMITS.q) invalid(`query.q must be at most ${LIMITS.q} characters`);
  const levels = parseLevels(strings(input.level, 'query.level'));
  if ('invalid' in levels) invalid(`query.level: unknown level "${levels.invalid}"`);
  return {
    q,
    project: strings(input.project, 'query.project'),
    service: strings(input.service, 'query.service'),
    level: levels,
    from: time(input.from, 'query.from'),
    to: time(input.to, 'query.to'),
    columns: strings(input.columns, 'query.columns', (c) => FIELD_RE.test(c)),
  };
}

function notFound(id: number): never {
  throw new AppError('NOT_FOUND', `No saved view ${id} of yours.`);
}

function nameTaken<T>(name: string | undefined, work: Promise<T>): Promise<T> {
  return work.catch((err: unknown) => {
    if (err instanceof StoreConflictError) throw new AppError('CONFLICT', `You already have a view named "${name}".`);
    throw err;
  });
}

export class SavedViews {
  constructor(private readonly store: Store) {}

  list(user: User): Promise<SavedView[]> {
    return this.store.listViews(user.id);
  }

  async get(user: User, id: number): Promise<SavedView> {
    return (await this.store.getView(user.id, id)) ?? notFound(id);
  }

  async create(user: User, input: { name: string; query?: SavedViewQueryInput }): Promise<SavedView> {
    const name = checkName(input.name);
    const view = await nameTaken(name, this.store.createView({ userId: user.id, name, query: checkQuery(input.query ?? {}) }, MAX_VIEWS_PER_USER));
    if (!view) throw new AppError('CONFLICT', `You have ${MAX_VIEWS_PER_USER} saved views, the most allowed: delete one first.`);
    return view;
  }

  async update(user: User, id: number, input: { name?: string; query?: SavedViewQueryInput }): Promise<SavedView> {
    const patch: SavedViewPatch = {};
    if (input.name !== undefined) patch.name = checkName(input.name);
    if (input.query !== undefined) patch.query = checkQuery(input.query);
    return (await nameTaken(patch.name, this.store.updateView(user.id, id, patch))) ?? notFound(id);
  }

  async remove(user: User, id: number): Promise<void> {
    if (!(await this.store.deleteView(user.id, id))) notFound(id);
  }
}
