/** Stored AI answers (src/insights/ai): each with the evidence it was built from, so it can be re-opened. */

/** One numbered piece of evidence the prompt showed the model as [E1].. and the answer may cite. */
export interface EvidenceItem {
  ref: string; // "E1"
  type: 'log' | 'pattern' | 'error_group' | 'anomaly' | 'count';
  label: string;
  count: number | null;
  id: string | null;
  /** Dashboard link (relative). */
  url: string;
}

export interface AnswerSections {
  summary: string;
  likelyCauses: string[];
  nextSteps: string[];
}

export type InsightAnswerKind = 'explain' | 'summary';

export interface InsightAnswer {
  id: string; // decimal string
  projectId: number;
  userId: number | null;
  kind: InsightAnswerKind;
  /** What was explained: `{ type, id?, from?, to?, q? }` as the request gave it. */
  target: Record<string, unknown>;
  model: string;
  provider: string;
  createdAt: number; // epoch ms
  tookMs: number;
  text: string;
  sections: AnswerSections | null;
  evidence: EvidenceItem[];
  promptChars: number;
  /** Secrets replaced before the prompt reached the model. */
  scrubbed: number;
}

export type NewInsightAnswer = Omit<InsightAnswer, 'id' | 'createdAt'>;

export interface InsightAnswerStore {
  createInsightAnswer(answer: NewInsightAnswer): Promise<InsightAnswer>;
  getInsightAnswer(id: string): Promise<InsightAnswer | null>;
  /** Newest first, of the given projects. */
  listInsightAnswers(projectIds: number[], limit: number): Promise<InsightAnswer[]>;
}
