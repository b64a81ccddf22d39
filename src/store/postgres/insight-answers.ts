/** Stored AI answers on PostgreSQL (src/insights/ai); JSON columns are jsonb. */
import type { InsightAnswer, InsightAnswerStore } from '../insight-types.js';
import type { Db } from './db.js';

const COLUMNS = 'id, project_id, user_id, kind, target, model, provider, created_at, took_ms, text, sections, evidence, prompt_chars, scrubbed';

const toAnswer = (r: Record<string, any>): InsightAnswer => ({
  id: String(r.id),
  projectId: r.project_id,
  userId: r.user_id ?? null,
  kind: r.kind,
  target: r.target, // jsonb arrives parsed
  model: r.model,
  provider: r.provider,
  createdAt: Number(r.created_at),
  tookMs: r.took_ms,
  text: r.text,
  sections: r.sections ?? null,
  evidence: r.evidence,
  promptChars: r.prompt_chars,
  scrubbed: r.scrubbed,
});

export function insightAnswerMethods(db: Db): InsightAnswerStore {
  return {
    async createInsightAnswer(a) {
      const { rows } = await db.query(
        `INSERT INTO insight_answers (project_id, user_id, kind, target, model, provider, created_at, took_ms, text, sections, evidence, prompt_chars, scrubbed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
        [
          a.projectId, a.userId, a.kind, JSON.stringify(a.target), a.model, a.provider, Date.now(), Math.round(a.tookMs), a.text,
          a.sections === null ? null : JSON.stringify(a.sections), JSON.stringify(a.evidence), a.promptChars, a.scrubbed,
        ],
      );
      return toAnswer(rows[0]);
    },
    async getInsightAnswer(id) {
      if (!/^\d{1,18}$/.test(id)) return null;
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM insight_answers WHERE id = $1`, [id]);
      return rows[0] ? toAnswer(rows[0]) : null;
    },
    async listInsightAnswers(projectIds, limit) {
      if (!projectIds.length) return [];
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM insight_answers WHERE project_id = ANY($1::int[]) ORDER BY id DESC LIMIT $2`,
        [projectIds, limit],
      );
      return rows.map(toAnswer);
    },
  };
}
