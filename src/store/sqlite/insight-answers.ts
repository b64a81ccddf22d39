/** Stored AI answers on SQLite (src/insights/ai): a small table written on the reading connection, like saved views. */
import type Database from 'better-sqlite3';
import type { InsightAnswer, NewInsightAnswer } from '../insight-types.js';

const toAnswer = (r: any): InsightAnswer => ({
  id: String(r.id),
  projectId: r.project_id,
  userId: r.user_id ?? null,
  kind: r.kind,
  target: JSON.parse(r.target),
  model: r.model,
  provider: r.provider,
  createdAt: r.created_at,
  tookMs: r.took_ms,
  text: r.text,
  sections: r.sections === null ? null : JSON.parse(r.sections),
  evidence: JSON.parse(r.evidence),
  promptChars: r.prompt_chars,
  scrubbed: r.scrubbed,
});

export function createInsightAnswer(db: Database.Database, a: NewInsightAnswer): InsightAnswer {
  // .all(), not .get(): see accounts.ts on RETURNING.
  const row = db
    .prepare(
      `INSERT INTO insight_answers (project_id, user_id, kind, target, model, provider, created_at, took_ms, text, sections, evidence, prompt_chars, scrubbed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .all(
      a.projectId, a.userId, a.kind, JSON.stringify(a.target), a.model, a.provider, Date.now(), Math.round(a.tookMs), a.text,
      a.sections === null ? null : JSON.stringify(a.sections), JSON.stringify(a.evidence), a.promptChars, a.scrubbed,
    )[0];
  return toAnswer(row);
}

export function getInsightAnswer(db: Database.Database, id: string): InsightAnswer | null {
  if (!/^\d{1,15}$/.test(id)) return null;
  const row = db.prepare('SELECT * FROM insight_answers WHERE id = ?').get(Number(id));
  return row ? toAnswer(row) : null;
}

export function listInsightAnswers(db: Database.Database, projectIds: number[], limit: number): InsightAnswer[] {
  if (!projectIds.length) return [];
  const rows = db
    .prepare(`SELECT * FROM insight_answers WHERE project_id IN (${projectIds.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT ?`)
    .all(...projectIds, limit);
  return rows.map(toAnswer);
}
