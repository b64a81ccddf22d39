/**
 * Verified ingest keys, cached briefly so the hot path costs one hash and one Map lookup. Regeneration and
 * deactivation invalidate the entry at once on this instance, and on the others too when they share a Redis
 * (`broadcast`, see key-invalidation.ts); otherwise other instances see the change within the TTL.
 */
import type { Project, Store } from '../store/types.js';
import { hashSecret } from './secrets.js';

interface Entry {
  project: Project | null;
  expiresAt: number;
}

export class IngestKeyCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation: a lookup that started before one does not cache what it read. */
  private generation = 0;
  /** Tells the other instances (set when they share a Redis). */
  broadcast: (projectId: number) => void = () => {};

  constructor(private readonly store: Store, private readonly ttlMs = 5_000, private readonly maxEntries = 10_000) {}

  /** The project the key belongs to, or null for an unknown key. */
  async lookup(key: string): Promise<Project | null> {
    const hash = hashSecret(key);
    const now = Date.now();
    const hit = this.entries.get(hash);
    if (hit && hit.expiresAt > now) return hit.project;
    const generation = this.generation;
    const project = await this.store.findProjectByKeyHash(hash);
    if (generation !== this.generation) return project; // may predate the change just announced
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(hash, { project, expiresAt: now + this.ttlMs });
    return project;
  }

  /** After a project's key, state or limit changed here: drops it on this instance and tells the others. */
  invalidateProject(projectId: number): void {
    this.dropProject(projectId);
    this.broadcast(projectId);
  }

  /** Drops every cached entry for the project on this instance only (a change announced by another). */
  dropProject(projectId: number): void {
    this.generation++;
    for (const [hash, e] of this.entries) if (e.project?.id === projectId) this.entries.delete(hash);
  }
}
