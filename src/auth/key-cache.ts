/**
 * Verified ingest keys, cached briefly so the hot path costs one hash and one Map lookup. Regeneration and
 * deactivation invalidate the entry at once on this instance; other instances see the change within the TTL.
 */
import type { Project, Store } from '../store/types.js';
import { hashSecret } from './secrets.js';

interface Entry {
  project: Project | null;
  expiresAt: number;
}

export class IngestKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly store: Store, private readonly ttlMs = 5_000, private readonly maxEntries = 10_000) {}

  /** The project the key belongs to, or null for an unknown key. */
  async lookup(key: string): Promise<Project | null> {
    const hash = hashSecret(key);
    const now = Date.now();
    const hit = this.entries.get(hash);
    if (hit && hit.expiresAt > now) return hit.project;
    const project = await this.store.findProjectByKeyHash(hash);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(hash, { project, expiresAt: now + this.ttlMs });
    return project;
  }

  /** Drops every cached entry for the project (after regeneration, deactivation, rate-limit change). */
  invalidateProject(projectId: number): void {
    for (const [hash, e] of this.entries) if (e.project?.id === projectId) this.entries.delete(hash);
  }
}
