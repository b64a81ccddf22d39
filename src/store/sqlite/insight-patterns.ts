/**
 * Project patterns on SQLite (src/store/insight-types.ts): read on the reading connection; saved by the writer
 * thread (writer-worker.ts), between log commits, so that a save never holds the write lock they wait for.
 */
import type Database from 'better-sqlite3';
import { coldColumn } from './cold.js';
import { mergePattern, type PatternDelta, type PatternHour, type PatternProgress, type PatternSourceRow, type StoredPattern } from '../insight-types.js';
import { LEVELS } from '../types.js';

interface PatternDbRow {
  project_id: number;
  cluster_id: string;
  template: string;
  n: number;
  first_seen: number;
  last_seen: number;
  levels: string;
  services: string;
  example_ids: string;
}

const toPattern = (r: PatternDbRow): StoredPattern => ({
  projectId: r.project_id,
  clusterId: r.cluster_id,
  template: r.template,
  count: r.n,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  levels: JSON.parse(r.levels) as Record<string, number>,
  services: JSON.parse(r.services) as string[],
  exampleIds: JSON.parse(r.example_ids) as string[],
});

const ERROR_LEVEL = LEVELS.indexOf('ERROR');

export function patternSourceAfter(db: Database.Database, afterId: string, receivedBy: number, limit: number, every = 1): PatternSourceRow[] {
  // By rowid: one writer commits ids in order, so nothing below the watermark can appear later. The sample
  // test is on the rowid and the level: the skipped rows' messages are never decoded.
  const sample = every > 1 ? ' AND (id % ? = 0 OR level >= ?)' : '';
  const rows = db
    .prepare(`SELECT id, project_id, ts, level, service, ${coldColumn('logs', 'message')} FROM logs WHERE id > ? AND ${coldColumn('logs', 'received_at')} <= ?${sample} ORDER BY id LIMIT ?`)
    .raw()
    .all(Number(afterId), receivedBy, ...(every > 1 ? [Math.floor(every), ERROR_LEVEL] : []), limit) as Array<[number, number, number, number, string, string]>;
  return rows.map((r) => ({ id: String(r[0]), projectId: r[1], ts: r[2], level: LEVELS[r[3]] ?? 'INFO', service: r[4], message: r[5] }));
}

export function patternProgress(db: Database.Database): PatternProgress {
  const r = db.prepare('SELECT last_log_id, state FROM insight_pattern_progress WHERE id = 1').get() as { last_log_id: number; state: string | null };
  return { watermark: String(r.last_log_id), state: r.state };
}

export function savePatternBatch(db: Database.Database, expected: string, next: PatternProgress, deltas: PatternDelta[], hours: PatternHour[]): boolean {
  const get = db.prepare('SELECT * FROM insight_patterns WHERE project_id = ? AND cluster_id = ?');
  const put = db.prepare(
    `INSERT OR REPLACE INTO insight_patterns (project_id, cluster_id, template, n, first_seen, last_seen, levels, services, example_ids)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const hour = db.prepare(
    `INSERT INTO insight_pattern_hours (project_id, hour, cluster_id, n) VALUES (?, ?, ?, ?)
     ON CONFLICT (project_id, hour, cluster_id) DO UPDATE SET n = n + excluded.n`,
  );
  const tx = db.transaction(() => {
    const moved = db
      .prepare('UPDATE insight_pattern_progress SET last_log_id = ?, state = COALESCE(?, state) WHERE id = 1 AND last_log_id = ?')
      .run(Number(next.watermark), next.state, Number(expected));
    if (!moved.changes) return false;
    for (const d of deltas) {
      const row = get.get(d.projectId, d.clusterId) as PatternDbRow | undefined;
      const m = mergePattern(row && toPattern(row), d);
      put.run(m.projectId, m.clusterId, m.template, m.count, m.firstSeen, m.lastSeen, JSON.stringify(m.levels), JSON.stringify(m.services), JSON.stringify(m.exampleIds));
    }
    for (const h of hours) hour.run(h.projectId, h.hour, h.clusterId, h.count);
    return true;
  });
  return tx.immediate();
}

export function listProjectPatterns(db: Database.Database, projectId: number, limit: number): StoredPattern[] {
  const rows = db.prepare('SELECT * FROM insight_patterns WHERE project_id = ? ORDER BY n DESC, cluster_id LIMIT ?').all(projectId, limit) as PatternDbRow[];
  return rows.map(toPattern);
}

export function patternHours(db: Database.Database, projectId: number, from: number, to: number, clusterIds?: string[]): PatternHour[] {
  const only = clusterIds ? ` AND cluster_id IN (${clusterIds.map(() => '?').join(',') || 'NULL'})` : '';
  const rows = db
    .prepare(`SELECT project_id, hour, cluster_id, n FROM insight_pattern_hours WHERE project_id = ? AND hour >= ? AND hour < ?${only} ORDER BY hour, cluster_id`)
    .all(projectId, from, to, ...(clusterIds ?? [])) as Array<{ project_id: number; hour: number; cluster_id: string; n: number }>;
  return rows.map((r) => ({ projectId: r.project_id, clusterId: r.cluster_id, hour: r.hour, count: r.n }));
}
