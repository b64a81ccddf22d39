/**
 * Which checked groups a merge would fold into which (POST /api/errors/:id/merge), or why it cannot: the API
 * merges groups of one project only, up to 100 sources at once.
 */
import type { ErrorGroup } from '../../api/errors';

const MAX_SOURCES = 100;

export type MergePlan = { ok: true; target: ErrorGroup; sources: ErrorGroup[] } | { ok: false; reason: string };

/** The target is the group with the most events (the one people know), ties going to the oldest. */
export function mergePlan(groups: readonly ErrorGroup[]): MergePlan {
  if (groups.length < 2) return { ok: false, reason: 'Check two or more groups of one project to merge them' };
  const projects = new Set(groups.map((g) => g.project_id));
  if (projects.size > 1) return { ok: false, reason: `Only groups of one project can be merged; these belong to ${projects.size} projects` };
  if (groups.length > MAX_SOURCES + 1) return { ok: false, reason: `Merge at most ${MAX_SOURCES + 1} groups at once` };
  const target = groups.reduce((best, g) => (g.count > best.count || (g.count === best.count && g.first_seen < best.first_seen) ? g : best));
  return { ok: true, target, sources: groups.filter((g) => g !== target) };
}
