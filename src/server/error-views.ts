/** Error groups to their snake_case wire shapes (ERRORS-CONTRACT.md). */
import type { ErrorGroupDetail, ErrorGroupView } from '../error-groups/error-groups.js';
import type { TagCount } from '../store/errors-types.js';
import { logView } from './views.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function errorGroupView(g: ErrorGroupView) {
  return {
    id: g.id,
    project: g.projectSlug,
    project_id: g.projectId,
    fingerprint: g.fingerprint,
    title: g.title,
    culprit: g.culprit,
    type: g.type,
    level: g.level,
    status: g.status,
    regressed: g.regressed,
    is_new: g.isNew,
    regressed_at: isoOrNull(g.regressedAt),
    first_seen: iso(g.firstSeen),
    last_seen: iso(g.lastSeen),
    count: g.count,
    services: g.services,
    hosts_affected: g.hostsAffected,
    environments: g.environments,
    first_release: g.firstRelease,
    last_release: g.lastRelease,
    assignee: g.assignee,
    ignore_until: isoOrNull(g.ignoreUntil),
    ignore_count: g.ignoreCount,
    note: g.note,
    sparkline: g.sparkline,
  };
}

const tagView = (t: TagCount) => ({ value: t.value, count: t.count, first_seen: iso(t.firstSeen), last_seen: iso(t.lastSeen) });

export function errorGroupDetailView(g: ErrorGroupDetail) {
  return {
    ...errorGroupView(g),
    latest_event: g.latestEvent && logView(g.latestEvent),
    first_event: g.firstEvent && logView(g.firstEvent),
    frames: g.frames,
    tags: {
      service: g.tags.service.map(tagView),
      host: g.tags.host.map(tagView),
      version: g.tags.version.map(tagView),
      environment: g.tags.environment.map(tagView),
    },
    breadcrumbs: g.breadcrumbs.map(logView),
    merged_fingerprints: g.mergedFingerprints,
  };
}
