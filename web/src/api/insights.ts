/**
 * Insights (issue 17, docs/insights.md): log patterns mined from a range, anomalies of volume and error rate,
 * and the AI answers built from them. Every call names one project by its numeric id.
 */
import { api, type RequestOptions } from './client';
import type { LogEntry } from './types';

export type PatternStatus = 'new' | 'rising' | 'stable' | 'falling';

export interface Pattern {
  id: string;
  /** The template with `<*>` where the variable parts were. */
  template: string;
  /** An estimate of the total when the run was sampled. */
  count: number;
  share: number;
  first_seen: string;
  last_seen: string;
  levels: Record<string, number>;
  services: string[];
  examples: LogEntry[];
  /** 24 buckets over the range, oldest first. */
  sparkline: number[];
  status: PatternStatus;
  baseline_count: number | null;
  ratio: number | null;
}

export interface PatternRun {
  data: Pattern[];
  scanned: number;
  matched: number;
  /** 1 when every matching row was read. */
  sample_rate: number;
  sampled: boolean;
  took_ms: number;
}

export interface Anomaly {
  id: string;
  service: string;
  pattern_id: string | null;
  metric: 'volume' | 'error_rate';
  kind: 'spike' | 'drop' | 'level_shift';
  from: string;
  to: string;
  observed: number;
  expected: number;
  /** A robust z score. */
  score: number;
  baseline: 'seasonal' | 'rolling';
}

export interface AiStatus {
  provider: 'local' | 'openai' | 'off';
  model: string | null;
  available: boolean;
}

export type EvidenceType = 'log' | 'pattern' | 'error_group' | 'anomaly' | 'count';

export interface Evidence {
  /** `E1`, `E2`… as the prompt numbered them and the answer cites them. */
  ref: string;
  type: EvidenceType;
  label: string;
  count: number | null;
  id: string | null;
  /** A dashboard link. */
  url: string;
}

export type ExplainTargetType = 'log' | 'error_group' | 'pattern' | 'anomaly' | 'range';

export interface ExplainTarget {
  type: ExplainTargetType;
  id?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface Answer {
  id: string;
  project_id: number | string;
  kind: 'explain' | 'summary';
  target: ExplainTarget | null;
  model: string;
  provider: string;
  created_at: string;
  took_ms: number;
  /** The model's answer as plain text: always rendered as text, never as HTML. */
  text: string;
  sections: { summary: string; likely_causes: string[]; next_steps: string[] } | null;
  evidence: Evidence[];
  prompt_chars: number;
  scrubbed: number;
}

export interface AskResult {
  query: string | null;
  valid: boolean;
  error: string | null;
  explanation: string;
  model: string;
}

export interface InsightsScope {
  project_id: number;
  from?: string;
  to?: string;
  q?: string;
  service?: string[];
}

type Opts = Pick<RequestOptions, 'signal'>;

export const insightsApi = {
  patterns: (scope: InsightsScope & { limit?: number; baseline?: 'previous' | 'none' }, opts: Opts = {}) =>
    api<PatternRun>('/api/insights/patterns', { query: { ...scope }, ...opts }),
  projectPatterns: (projectId: number, limit = 50, opts: Opts = {}) =>
    api<PatternRun>('/api/insights/patterns/project', { query: { project_id: projectId, limit }, ...opts }),
  anomalies: (scope: InsightsScope, opts: Opts = {}) =>
    api<{ data: Anomaly[]; took_ms: number }>('/api/insights/anomalies', {
      query: { project_id: scope.project_id, from: scope.from, to: scope.to, service: scope.service },
      ...opts,
    }),
  ai: (opts: Opts = {}) => api<AiStatus>('/api/insights/ai', opts),
  explain: (projectId: number, target: ExplainTarget, opts: Opts = {}) =>
    api<Answer>('/api/insights/explain', { method: 'POST', body: { project_id: projectId, target }, ...opts }),
  summarize: (projectId: number, range: { from?: string; to?: string } = {}, opts: Opts = {}) =>
    api<Answer>('/api/insights/summarize', { method: 'POST', body: { project_id: projectId, ...range }, ...opts }),
  ask: (projectId: number, question: string, opts: Opts = {}) =>
    api<AskResult>('/api/insights/ask', { method: 'POST', body: { project_id: projectId, question }, ...opts }),
  answers: (projectId: number, limit = 20, opts: Opts = {}) =>
    api<{ data: Answer[] }>('/api/insights/answers', { query: { project_id: projectId, limit }, ...opts }),
  answer: (id: string, opts: Opts = {}) => api<Answer>(`/api/insights/answers/${encodeURIComponent(id)}`, opts),
};
