/**
 * Project rules. A member sees and changes only the projects they own; an admin sees and manages all.
 * Keys are generated here, returned once, and stored only as hashes.
 */
import { displayPrefix, generateSecret, hashSecret } from '../auth/secrets.js';
import type { IngestKeyCache } from '../auth/key-cache.js';
import { AppError } from '../errors.js';
import { MAX_ROW_ID, StoreConflictError, type Project, type ProjectPatch, type ProjectStats, type Store, type User } from '../store/types.js';

export interface ProjectInput {
  name: string;
  slug?: string;
  description?: string;
  repositoryUrl?: string | null;
  rateLimitPerMinute?: number | null;
  retentionDays?: number | null;
  apdexThresholdMs?: number | null;
  aiExternalAllowed?: boolean;
}

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** `My App (v2)` -> `my-app-v2`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

function checkSlug(slug: string): string {
  if (!SLUG_RE.test(slug)) {
    throw new AppError('VALIDATION_FAILED', 'slug must be 1-64 lowercase letters, digits or dashes, not starting or ending with a dash');
  }
  return slug;
}

function checkRepositoryUrl(url: string | null | undefined): string | null {
  if (url === undefined || url === null || url === '') return null;
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return url;
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'repository_url must be an http(s) URL');
}

export class Projects {
  constructor(private readonly store: Store, private readonly keys: IngestKeyCache) {}

  async create(owner: User, input: ProjectInput): Promise<{ project: Project; apiKey: string }> {
    const name = input.name.trim();
    if (!name) throw new AppError('VALIDATION_FAILED', 'name must not be empty');
    const slug = checkSlug(input.slug?.trim() || slugify(name) || 'project');
    const apiKey = generateSecret('dsk');
    try {
      const project = await this.store.createProject(
        {
          ownerId: owner.id,
          name,
          slug,
          description: input.description?.trim() ?? '',
          repositoryUrl: checkRepositoryUrl(input.repositoryUrl),
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
        },
        hashSecret(apiKey),
        displayPrefix(apiKey),
      );
      return { project, apiKey };
    } catch (err) {
      if (err instanceof StoreConflictError) throw new AppError('CONFLICT', `You already have a project with the slug "${slug}".`);
      throw err;
    }
  }

  list(user: User): Promise<Array<Project & ProjectStats>> {
    return this.store.listProjects(user.role === 'admin' ? null : user.id);
  }

  /** Resolves an id or slug to a project the user may see; 404 otherwise (never reveals others' projects). */
  async get(user: User, idOrSlug: string): Promise<Project> {
    const scope = user.role === 'admin' ? null : user.id;
    let project: Project | null = null;
    // Digits beyond the id column's range cannot be an id (PostgreSQL would refuse them): try them as a slug.
    if (/^\d{1,10}$/.test(idOrSlug) && Number(idOrSlug) <= MAX_ROW_ID) project = await this.store.getProject(Number(idOrSlug));
    // An admin's own project wins over another owner's project with the same slug.
    project ??= (await this.store.getProjectBySlug(idOrSlug, user.id)) ?? (scope === null ? await this.store.getProjectBySlug(idOrSlug, null) : null);
    if (!project || (scope !== null && project.ownerId !== scope)) {
      throw new AppError('NOT_FOUND', `No project "${idOrSlug}" that you can access.`);
    }
    return project;
  }

  async getWithStats(user: User, idOrSlug: string): Promise<Project & ProjectStats> {
    const project = await this.get(user, idOrSlug);
    return { ...project, ...(await this.store.projectStats(project.id)) };
  }

  async update(user: User, idOrSlug: string, input: Partial<ProjectInput> & { active?: boolean }): Promise<Project> {
    const project = await this.get(user, idOrSlug);
    const patch: ProjectPatch = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
      if (!patch.name) throw new AppError('VALIDATION_FAILED', 'name must not be empty');
    }
    if (input.slug !== undefined) patch.slug = checkSlug(input.slug.trim());
    if (input.description !== undefined) patch.description = input.description.trim();
    if (input.repositoryUrl !== undefined) patch.repositoryUrl = checkRepositoryUrl(input.repositoryUrl);
    if (input.active !== undefined) patch.active = input.active;
    if (input.rateLimitPerMinute !== undefined) patch.rateLimitPerMinute = input.rateLimitPerMinute;
    if (input.retentionDays !== undefined) patch.retentionDays = input.retentionDays;
    if (input.apdexThresholdMs !== undefined) patch.apdexThresholdMs = input.apdexThresholdMs;
    if (input.aiExternalAllowed !== undefined) patch.aiExternalAllowed = input.aiExternalAllowed;
    try {
      const updated = await this.store.updateProject(project.id, patch);
      if (!updated) throw new AppError('NOT_FOUND', `No project "${idOrSlug}".`);
      this.keys.invalidateProject(project.id);
      return updated;
    } catch (err) {
      if (err instanceof StoreConflictError) throw new AppError('CONFLICT', `You already have a project with the slug "${patch.slug}".`);
      throw err;
    }
  }

  /** Replaces the key: the old one answers 401 from this moment. */
  async regenerateKey(user: User, idOrSlug: string): Promise<{ project: Project; apiKey: string }> {
    const project = await this.get(user, idOrSlug);
    const apiKey = generateSecret('dsk');
    const updated = await this.store.replaceProjectKey(project.id, hashSecret(apiKey), displayPrefix(apiKey));
    this.keys.invalidateProject(project.id);
    if (!updated) throw new AppError('NOT_FOUND', `No project "${idOrSlug}".`);
    return { project: updated, apiKey };
  }

  deactivate(user: User, idOrSlug: string): Promise<Project> {
    return this.update(user, idOrSlug, { active: false });
  }

  /** Ids of the projects a query may read: the named ones (checked) or every project the user sees. */
  async readableIds(user: User, names: string[]): Promise<number[]> {
    if (names.length) return Promise.all(names.map(async (n) => (await this.get(user, n)).id));
    // Ids only: this runs before every query, so it must not count the logs of every project.
    return this.store.listProjectIds(user.role === 'admin' ? null : user.id);
  }
}
