/**
 * AI answers: explain a target, summarise a range, turn a question into a query. Evidence is gathered and
 * scrubbed here, the provider chosen per project (./providers.ts), and every explain/summary answer stored with
 * its evidence, model and provider so it can be re-opened. Knows no HTTP: routes pass a signal and a user.
 */
import { AppError } from '../../errors.js';
import type { Projects } from '../../projects/projects.js';
import type { InsightAnswer, InsightAnswerKind } from '../../store/insight-types.js';
import type { LogFilter, Project, Store, User } from '../../store/types.js';
import { EvidenceBuilder } from './evidence.js';
import { checkQuery, nlQueryPrompt, type NlQuery } from './nl-query.js';
import { explainPrompt, parseSections, summaryPrompt } from './prompt.js';
import type { AiProviders } from './providers.js';
import type { AiPrompt } from './provider.js';
import { Scrubber } from './scrub.js';
import { addTargetEvidence, type ExplainTarget } from './targets.js';

export interface ExplainRequest {
  type: ExplainTarget['type'];
  id?: string;
  from?: number;
  to?: number;
  /** Narrows the range evidence; parsed by the route. */
  filter?: Omit<LogFilter, 'projectIds'>;
  /** As the request gave it, stored with the answer. */
  raw: Record<string, unknown>;
}

const HOUR = 3_600_000;

export class InsightsAi {
  constructor(
    private readonly store: Store,
    private readonly projects: Projects,
    readonly providers: AiProviders,
  ) {}

  async explain(user: User, projectRef: string, target: ExplainRequest, signal?: AbortSignal): Promise<InsightAnswer> {
    const project = await this.projects.get(user, projectRef);
    const provider = this.providers.forProject(project);
    const { from, to } = range(target.from, target.to);
    if (target.type !== 'range' && !target.id) throw new AppError('VALIDATION_FAILED', `target.id is required for a ${target.type}.`);
    const scrubber = new Scrubber({ emails: this.providers.config.scrubEmails });
    const b = new EvidenceBuilder(scrubber);
    const subject = await addTargetEvidence(b, this.store, project, { type: target.type, id: target.id, from, to, filter: { ...target.filter, projectIds: [project.id] } });
    return this.answer(user, project, 'explain', target.raw, explainPrompt(subject, b.text()), b, scrubber, provider, signal);
  }

  async summarize(user: User, projectRef: string, fromMs?: number, toMs?: number, signal?: AbortSignal): Promise<InsightAnswer> {
    const project = await this.projects.get(user, projectRef);
    const provider = this.providers.forProject(project);
    const { from, to } = range(fromMs, toMs);
    const scrubber = new Scrubber({ emails: this.providers.config.scrubEmails });
    const b = new EvidenceBuilder(scrubber);
    await addTargetEvidence(b, this.store, project, { type: 'range', from, to, filter: { projectIds: [project.id] } });
    const prompt = summaryPrompt(`from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}`, b.text());
    const target = { type: 'range', from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    return this.answer(user, project, 'summary', target, prompt, b, scrubber, provider, signal);
  }

  async ask(user: User, projectRef: string, question: string, signal?: AbortSignal): Promise<NlQuery & { explanation: string; model: string }> {
    const project = await this.projects.get(user, projectRef);
    const provider = this.providers.forProject(project);
    const scrubber = new Scrubber({ emails: this.providers.config.scrubEmails });
    const prompt = nlQueryPrompt(scrubber.scrub(question));
    const done = await provider.complete(prompt, { maxTokens: Math.min(64, this.providers.config.maxTokens), timeoutMs: this.providers.config.timeoutMs, signal });
    const checked = checkQuery(done.text);
    const explanation = checked.valid
      ? 'Query written by the model from your question and checked by the parser; it has not been run. Review it, then run it in the explorer.'
      : 'The model did not produce a query that parses; edit it or ask differently.';
    return { ...checked, explanation, model: done.model };
  }

  async list(user: User, projectRef: string, limit: number): Promise<InsightAnswer[]> {
    const project = await this.projects.get(user, projectRef);
    return this.store.listInsightAnswers([project.id], limit);
  }

  async get(user: User, id: string): Promise<InsightAnswer> {
    const answer = await this.store.getInsightAnswer(id);
    // An answer of a project the user may not see reads as missing, like the project itself.
    const visible = answer && (await this.projects.get(user, String(answer.projectId)).then(() => true, () => false));
    if (!answer || !visible) throw new AppError('NOT_FOUND', `No answer "${id}".`);
    return answer;
  }

  private async answer(
    user: User, project: Project, kind: InsightAnswerKind, target: Record<string, unknown>, prompt: AiPrompt,
    b: EvidenceBuilder, scrubber: Scrubber, provider: ReturnType<AiProviders['forProject']>, signal?: AbortSignal,
  ): Promise<InsightAnswer> {
    const started = performance.now();
    const { maxTokens, timeoutMs } = this.providers.config;
    const done = await provider.complete(prompt, { maxTokens, timeoutMs, signal });
    return this.store.createInsightAnswer({
      projectId: project.id,
      userId: user.id,
      kind,
      target,
      model: done.model,
      provider: provider.name,
      tookMs: performance.now() - started,
      text: done.text,
      sections: parseSections(done.text),
      evidence: b.items,
      promptChars: prompt.system.length + prompt.user.length,
      scrubbed: scrubber.replaced,
    });
  }
}

function range(from?: number, to?: number): { from: number; to: number } {
  const end = to ?? Date.now();
  const start = from ?? end - HOUR;
  if (!(start < end)) throw new AppError('VALIDATION_FAILED', '`from` must be before `to`.');
  return { from: start, to: end };
}
