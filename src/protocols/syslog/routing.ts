/**
 * Which project a syslog message goes to: the key it carries (checked like an HTTP ingest key, through the
 * same cache), else its listener's project (by slug), else none. A message with an unknown key is never
 * filed under the listener's project: the sender meant another one.
 */
import { isWellFormed } from '../../auth/secrets.js';
import type { Services } from '../../server/services.js';
import type { Project } from '../../store/types.js';

export type DropReason = 'unknown_key' | 'unknown_project' | 'no_project';
export type Route = { project: Project } | { drop: DropReason };

export class ProjectRouter {
  private readonly slugs = new Map<string, { project: Project | null; expiresAt: number }>();

  constructor(
    private readonly services: Pick<Services, 'keys' | 'store'>,
    private readonly ttlMs = 5_000,
    /** A missing project is asked again sooner: it may be created any moment after the listener starts. */
    private readonly missTtlMs = 1_000,
  ) {}

  async route(key: string | null, listenerProject: string | null): Promise<Route> {
    if (key !== null) {
      const project = isWellFormed('dsk', key) ? await this.services.keys.lookup(key) : null;
      return project ? { project } : { drop: 'unknown_key' };
    }
    if (listenerProject === null) return { drop: 'no_project' };
    const project = await this.bySlug(listenerProject);
    return project ? { project } : { drop: 'unknown_project' };
  }

  /** The project named by a listener's slug; cached briefly, so a rename or deactivation shows within the TTL. */
  async bySlug(slug: string): Promise<Project | null> {
    const now = Date.now();
    const hit = this.slugs.get(slug);
    if (hit && hit.expiresAt > now) return hit.project;
    // Slugs are unique per owner: with several owners using one, the oldest project wins (documented).
    const project = await this.services.store.getProjectBySlug(slug, null);
    this.slugs.set(slug, { project, expiresAt: now + (project ? this.ttlMs : this.missTtlMs) });
    return project;
  }
}
